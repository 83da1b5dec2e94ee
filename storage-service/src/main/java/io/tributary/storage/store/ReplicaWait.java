package io.tributary.storage.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.tributary.support.time.PauseTolerantTimeout;

/**
 * After a batch's scripts, waits until enough replicas have them ({@code WAIT replicas timeout}), so
 * that a batch is acknowledged only once a master's crash can no longer lose its writes (Redis
 * replicates asynchronously). WAIT covers what was sent before it on its own connection, so it goes
 * over each connection that carried the scripts: on a Redis Cluster, Lettuce routes a script to the
 * connection to its slot's master (by host and port), which {@code getConnection(host, port)} returns;
 * else the one connection.
 */
final class ReplicaWait {

	/** Waits for nothing: the master's answer is enough. */
	static final ReplicaWait NONE = new ReplicaWait(0, Duration.ofSeconds(1));

	private final int replicas;

	private final Duration timeout;

	ReplicaWait(int replicas, Duration timeout) {
		this.replicas = replicas;
		this.timeout = timeout;
	}

	/**
	 * @throws StoreException when a master's replicas did not acknowledge within the timeout (or the
	 *                        batch's own timeout, which a pause of the process does not use up): the batch must be written again
	 */
	void await(RedisClusterAsyncCommands<byte[], byte[]> commands, List<ScriptCall> calls, PauseTolerantTimeout batch) {
		if (this.replicas == 0 || calls.isEmpty()) {
			return;
		}
		Map<String, RedisFuture<Long>> waits = new LinkedHashMap<>();
		if (commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.getStatefulConnection();
			Map<String, RedisURI> masters = new LinkedHashMap<>();
			for (ScriptCall call : calls) {
				RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(call.keys()[0]));
				if (master == null) {
					throw new StoreException("No master known for " + call.describe());
				}
				masters.putIfAbsent(master.getUri().getHost() + ":" + master.getUri().getPort(), master.getUri());
			}
			masters.forEach((name, uri) -> waits.put(name, connection.getConnection(uri.getHost(), uri.getPort())
				.async()
				.waitForReplication(this.replicas, this.timeout.toMillis())));
		}
		else {
			waits.put("the master", commands.waitForReplication(this.replicas, this.timeout.toMillis()));
		}
		List<String> tooFew = new ArrayList<>();
		waits.forEach((master, wait) -> {
			long acknowledged = acknowledged(master, wait, batch);
			if (acknowledged < this.replicas) {
				tooFew.add(master + ": " + acknowledged);
			}
		});
		if (!tooFew.isEmpty()) {
			throw new StoreException("The batch's writes reached fewer than " + this.replicas + " replicas within "
					+ this.timeout + " (" + String.join(", ", tooFew) + ")");
		}
	}

	private static long acknowledged(String master, RedisFuture<Long> wait, PauseTolerantTimeout batch) {
		try {
			Long acknowledged = batch.await(wait);
			return (acknowledged != null) ? acknowledged : 0;
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new StoreException("WAIT on " + master + " failed: " + cause.getMessage(), cause);
		}
		catch (TimeoutException ex) {
			wait.cancel(false);
			throw new StoreException("WAIT on " + master + " did not answer in time", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreException("Interrupted while waiting for Redis replicas", ex);
		}
	}

}
