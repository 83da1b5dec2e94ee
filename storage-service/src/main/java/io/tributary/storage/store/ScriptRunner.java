package io.tributary.storage.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tributary.support.time.PauseTolerantTimeout;

/**
 * Runs script calls pipelined: every EVALSHA is sent before any reply is awaited. A script the
 * server does not have cached (first use, or after a restart or failover emptied the cache) is
 * sent again in full with EVAL, which also caches it. The replies are awaited under one timeout that
 * a pause of the whole process does not use up: a storage frozen while it waited reads the replies
 * that arrived meanwhile instead of failing the batch. Optionally the batch then waits for replicas
 * ({@link ReplicaWait}).
 */
final class ScriptRunner {

	private final RedisAccess redis;

	private final Duration timeout;

	private final ReplicaWait replicaWait;

	ScriptRunner(RedisAccess redis, Duration timeout) {
		this(redis, timeout, ReplicaWait.NONE);
	}

	/** @param replicaWait how many replicas must have a batch's writes before it counts */
	ScriptRunner(RedisAccess redis, Duration timeout, ReplicaWait replicaWait) {
		this.redis = redis;
		this.timeout = timeout;
		this.replicaWait = replicaWait;
	}

	/**
	 * Runs the calls and returns their integer replies in call order.
	 * @throws StoreException when any call failed or did not answer within the timeout
	 */
	long[] run(List<ScriptCall> calls) {
		if (calls.isEmpty()) {
			return new long[0];
		}
		try {
			return this.redis.withCommands((commands) -> run(commands, calls));
		}
		catch (StoreException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new StoreException("Redis is not available: " + ex.getMessage(), ex);
		}
	}

	private long[] run(RedisClusterAsyncCommands<byte[], byte[]> commands, List<ScriptCall> calls) {
		PauseTolerantTimeout timeout = new PauseTolerantTimeout(this.timeout);
		List<RedisFuture<Long>> sent = new ArrayList<>(calls.size());
		for (ScriptCall call : calls) {
			sent.add(commands.evalsha(call.script().sha(), ScriptOutputType.INTEGER, call.keys(), call.args()));
		}
		long[] replies = new long[calls.size()];
		List<Integer> uncached = new ArrayList<>();
		for (int i = 0; i < sent.size(); i++) {
			Long reply = await(sent.get(i), calls.get(i), timeout, true);
			if (reply == null) {
				uncached.add(i);
			}
			else {
				replies[i] = reply;
			}
		}
		if (!uncached.isEmpty()) {
			List<RedisFuture<Long>> resent = new ArrayList<>(uncached.size());
			for (int i : uncached) {
				ScriptCall call = calls.get(i);
				resent.add(commands.eval(call.script().source(), ScriptOutputType.INTEGER, call.keys(), call.args()));
			}
			for (int j = 0; j < resent.size(); j++) {
				int i = uncached.get(j);
				Long reply = await(resent.get(j), calls.get(i), timeout, false);
				replies[i] = reply == null ? 0 : reply;
			}
		}
		this.replicaWait.await(commands, calls, timeout);
		return replies;
	}

	/** The reply, or null when the script was not cached and {@code uncachedIsNull}. */
	private static Long await(RedisFuture<Long> future, ScriptCall call, PauseTolerantTimeout timeout,
			boolean uncachedIsNull) {
		try {
			Long reply = timeout.await(future);
			if (reply == null) {
				throw new StoreException("Redis answered nothing to " + call.describe());
			}
			return reply;
		}
		catch (ExecutionException ex) {
			if (uncachedIsNull && ex.getCause() instanceof RedisNoScriptException) {
				return null;
			}
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			throw new StoreException("Redis failed " + call.describe() + ": " + cause.getMessage(), cause);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new StoreException("Redis did not answer " + call.describe() + " in time", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreException("Interrupted while waiting for Redis", ex);
		}
	}

}
