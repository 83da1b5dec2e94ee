package io.tributary.processing.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs a script, then {@code WAIT replicas timeout} on the same connection, so that a write counts
 * only once that many replicas have it: Redis replicates asynchronously, and a write a master
 * answered is lost when the master dies before its replica got it. WAIT covers the writes sent
 * before it on its own connection, so both go over one connection of this type's own (a blocked WAIT
 * holds up no other command of the service): on a Redis Cluster the connection to the master that
 * serves the script's first key's hash slot, else the one connection to the (standalone or
 * Sentinel-chosen) master. Made from the client Spring's connection factory built, so it has the
 * same addresses, credentials, TLS and timeouts.
 */
public final class ReplicaAcknowledgedWrites implements AutoCloseable {

	/** Keys as text; values (script arguments and replies) as the bytes they are, encoded once by the caller. */
	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final AbstractRedisClient client;

	private final int replicas;

	private final Duration timeout;

	private @Nullable StatefulRedisConnection<String, byte[]> single;

	private @Nullable StatefulRedisClusterConnection<String, byte[]> cluster;

	/**
	 * @param client   the Lettuce client of Spring's connection factory (a {@link RedisClient} or a
	 *                 {@link RedisClusterClient})
	 * @param replicas how many replicas must acknowledge each write (at least 1)
	 * @param timeout  how long WAIT waits for them
	 */
	public ReplicaAcknowledgedWrites(AbstractRedisClient client, int replicas, Duration timeout) {
		if (replicas < 1) {
			throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
		}
		this.client = client;
		this.replicas = replicas;
		this.timeout = timeout;
	}

	/**
	 * Runs the script (EVALSHA, EVAL when the server has not cached it) on the master that serves its
	 * first key; {@link Written#awaitReplicas} then waits on the same connection.
	 * @param args the script's arguments in UTF-8
	 */
	Written run(RedisScript<?> script, List<String> keys, byte[][] args) {
		StatefulRedisConnection<String, byte[]> connection = connectionFor(keys.getFirst());
		RedisCommands<String, byte[]> commands = connection.sync();
		String[] keyArray = keys.toArray(String[]::new);
		List<Object> reply;
		try {
			try {
				reply = commands.evalsha(script.getSha1(), ScriptOutputType.MULTI, keyArray, args);
			}
			catch (RedisNoScriptException ex) {
				reply = commands.eval(script.getScriptAsString(), ScriptOutputType.MULTI, keyArray, args);
			}
		}
		catch (RuntimeException ex) {
			refreshTopology();
			throw ex;
		}
		return new Written(text(reply), commands, keys.getFirst());
	}

	/** The reply with its bulk strings as text, as a connection of text values answers it. */
	private static List<Object> text(List<Object> reply) {
		List<Object> text = new ArrayList<>(reply.size());
		for (Object element : reply) {
			text.add((element instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : element);
		}
		return text;
	}

	/** A script's reply, and the connection it was written on. */
	final class Written {

		private final List<Object> reply;

		private final RedisCommands<String, byte[]> commands;

		private final String key;

		private Written(List<Object> reply, RedisCommands<String, byte[]> commands, String key) {
			this.reply = reply;
			this.commands = commands;
			this.key = key;
		}

		List<Object> reply() {
			return this.reply;
		}

		/**
		 * Waits (WAIT) until the configured number of replicas acknowledged the write.
		 * @throws ReplicationTimeoutException when fewer did within the timeout: the write may be lost
		 *                                     with the master, so it must not count yet
		 */
		void awaitReplicas() {
			long acknowledged;
			try {
				acknowledged = this.commands.waitForReplication(ReplicaAcknowledgedWrites.this.replicas,
						ReplicaAcknowledgedWrites.this.timeout.toMillis());
			}
			catch (RuntimeException ex) {
				refreshTopology();
				throw ex;
			}
			if (acknowledged < ReplicaAcknowledgedWrites.this.replicas) {
				throw new ReplicationTimeoutException(this.key, acknowledged, ReplicaAcknowledgedWrites.this.replicas,
						ReplicaAcknowledgedWrites.this.timeout);
			}
		}

	}

	private synchronized StatefulRedisConnection<String, byte[]> connectionFor(String key) {
		return switch (this.client) {
			case RedisClusterClient clusterClient -> {
				if (this.cluster == null) {
					this.cluster = clusterClient.connect(CODEC);
				}
				RedisClusterNode master = this.cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
				if (master == null) {
					refreshTopology();
					throw new IllegalStateException("no master known for the hash slot of " + key);
				}
				yield this.cluster.getConnection(master.getNodeId());
			}
			case RedisClient singleClient -> {
				if (this.single == null) {
					this.single = singleClient.connect(CODEC);
				}
				yield this.single;
			}
			default -> throw new IllegalStateException("Unsupported Redis client " + this.client.getClass().getName());
		};
	}

	/**
	 * After a failed write on a cluster the slot may have moved (a failover): the commands go straight
	 * to a node, so no redirect tells Lettuce; ask for the topology now rather than at the next period.
	 */
	private void refreshTopology() {
		if (this.client instanceof RedisClusterClient clusterClient) {
			clusterClient.refreshPartitionsAsync();
		}
	}

	@Override
	public synchronized void close() {
		if (this.single != null) {
			this.single.close();
			this.single = null;
		}
		if (this.cluster != null) {
			this.cluster.close();
			this.cluster = null;
		}
	}

}
