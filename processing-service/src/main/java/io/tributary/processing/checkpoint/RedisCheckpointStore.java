package io.tributary.processing.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.processing.window.Checkpoint;
import io.tributary.processing.window.OutboxCodec;
import io.tributary.processing.window.PartitionSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Stores each partition's window state in Redis. A checkpoint — changed and purged windows, newly
 * counted event ids, watermarks and the outbox of results it emits — is written by one Lua script
 * ({@code scripts/checkpoint.lua}), so Redis always holds a state that some prefix of the input
 * produced, and the outbox that goes with it. The script is fenced by the partition's lease: it only
 * writes while this instance holds the lease, and it refreshes the lease. All its keys share the
 * partition's hash tag, so it works on a Redis Cluster. Every command is idempotent, so a client
 * re-send after a reconnect cannot apply anything twice.
 */
public class RedisCheckpointStore {

	private static final Logger log = LoggerFactory.getLogger(RedisCheckpointStore.class);

	// from the script's text, not its resource: a script made from a resource asks the resource
	// whether it changed (a file-system or jar look-up) on every call, to know whether its SHA-1 still holds
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> WRITE = RedisScript.of(scriptText("scripts/checkpoint.lua"), List.class);

	/** The script's reply: its numbers as they are, the owner's id as text (as the template's own serializer). */
	@SuppressWarnings("rawtypes")
	private static final RedisSerializer<List> REPLY = castReply(RedisSerializer.string());

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final PartitionLeases leases;

	private final Runnable beforeScript;

	/** When set, each checkpoint is written through it and waits for its replicas; else through the template. */
	private final @Nullable ReplicaAcknowledgedWrites replicated;

	public RedisCheckpointStore(StringRedisTemplate redis, RedisKeys keys, PartitionLeases leases) {
		this(redis, keys, leases, null);
	}

	/**
	 * @param replicated when not null, every checkpoint waits until its replicas acknowledged it
	 *                   ({@code tributary.processing.checkpoint.replicas-to-wait})
	 */
	public RedisCheckpointStore(StringRedisTemplate redis, RedisKeys keys, PartitionLeases leases,
			@Nullable ReplicaAcknowledgedWrites replicated) {
		this(redis, keys, leases, replicated, () -> {
		});
	}

	/** @param beforeScript runs right before the script is sent: lets a test take the lease there */
	RedisCheckpointStore(StringRedisTemplate redis, RedisKeys keys, PartitionLeases leases,
			@Nullable ReplicaAcknowledgedWrites replicated, Runnable beforeScript) {
		this.redis = redis;
		this.keys = keys;
		this.leases = leases;
		this.replicated = replicated;
		this.beforeScript = beforeScript;
	}

	/** Reads a partition's state as the last checkpoint left it. */
	public PartitionSnapshot load(int partition, Collection<String> pipelines) {
		Map<String, String> windows = strings(this.redis.opsForHash().entries(this.keys.checkpointWindows(partition)));
		Map<String, Map<String, String>> dedup = new HashMap<>();
		for (String pipeline : pipelines) {
			dedup.put(pipeline,
					strings(this.redis.opsForHash().entries(this.keys.checkpointDedup(partition, pipeline))));
		}
		Map<String, String> meta = strings(this.redis.opsForHash().entries(this.keys.checkpointMeta(partition)));
		return new PartitionSnapshot(windows, dedup, meta);
	}

	/**
	 * The results the last checkpoint emitted, which may not have reached storage before a crash.
	 * @param snapshot the partition's state as {@link #load} read it after the lease was taken (the
	 *                 same checkpoint's): the outbox takes results' states from its window states
	 */
	public @Nullable ResultBatch loadOutbox(int partition, PartitionSnapshot snapshot) {
		String json = this.redis.opsForValue().get(this.keys.checkpointOutbox(partition));
		return json == null ? null
				: OutboxCodec.decode(json, snapshot.windows(), (problem) -> log.warn("Partition {}: {}", partition, problem));
	}

	/**
	 * Writes one checkpoint atomically, if this instance holds the partition's lease, and extends the
	 * lease in the same step: one Lua script checks the owner key and writes, so no takeover can come
	 * between the check and the write. Its keys share the partition's hash tag, so it also runs on a
	 * Redis Cluster.
	 * @return the bytes written: field names and values of the hashes set, and the outbox (UTF-8)
	 * @throws LeaseLostException when the lease is not held; nothing was written
	 * @throws ReplicationTimeoutException when replicas must acknowledge the checkpoint and too few did:
	 *                                     it is written on the master, but does not count yet
	 */
	public long write(Checkpoint checkpoint) {
		int p = checkpoint.partition();
		CheckpointScriptCall call = scriptCall(checkpoint);
		this.beforeScript.run();
		ReplicaAcknowledgedWrites.Written written = (this.replicated != null)
				? this.replicated.run(WRITE, call.keys(), call.args()) : null;
		List<?> result = (written != null) ? written.reply()
				: this.redis.execute(WRITE, RedisSerializer.byteArray(), REPLY, call.keys(), (Object[]) call.args());
		if (result == null || result.isEmpty()) {
			throw new IllegalStateException("the checkpoint script of partition " + p + " answered " + result);
		}
		if (!Long.valueOf(1L).equals(result.get(0))) {
			String owner = (result.size() > 1 && result.get(1) != null) ? result.get(1).toString() : null;
			throw new LeaseLostException(p, owner, "not the holder at checkpoint time");
		}
		if (written != null) {
			written.awaitReplicas();
		}
		return call.stateBytes();
	}

	/** The script's keys and arguments for a checkpoint, as checkpoint.lua reads them. */
	CheckpointScriptCall scriptCall(Checkpoint checkpoint) {
		int p = checkpoint.partition();
		String outbox = checkpoint.outbox().isEmpty() ? null
				: OutboxCodec.encode(checkpoint.outbox(), checkpoint.statesInWindows());
		List<String> pipelines = pipelines(checkpoint);
		int capacity = 4 + CheckpointScriptCall.argumentsOf(checkpoint.windowUpserts(), checkpoint.windowDeletes())
				+ CheckpointScriptCall.argumentsOf(checkpoint.meta(), checkpoint.metaDeletes());
		for (String pipeline : pipelines) {
			capacity += CheckpointScriptCall.argumentsOf(checkpoint.dedupUpserts().getOrDefault(pipeline, Map.of()),
					checkpoint.dedupDeletes().getOrDefault(pipeline, Set.of()));
		}
		CheckpointScriptCall call = new CheckpointScriptCall(this.leases.ownerKey(p), this.keys.checkpointOutbox(p),
				this.leases.instanceId(), this.leases.ttl().toMillis(), outbox, capacity);
		call.addHash(this.keys.checkpointWindows(p), checkpoint.windowUpserts(), checkpoint.windowDeletes());
		for (String pipeline : pipelines) {
			call.addHash(this.keys.checkpointDedup(p, pipeline),
					checkpoint.dedupUpserts().getOrDefault(pipeline, Map.of()),
					checkpoint.dedupDeletes().getOrDefault(pipeline, Set.of()));
		}
		call.addHash(this.keys.checkpointMeta(p), checkpoint.meta(), checkpoint.metaDeletes());
		return call;
	}

	/** The pipelines with counted ids to write, in name order (most checkpoints have one). */
	private static List<String> pipelines(Checkpoint checkpoint) {
		Set<String> upserts = checkpoint.dedupUpserts().keySet();
		Set<String> deletes = checkpoint.dedupDeletes().keySet();
		if (upserts.size() <= 1 && (deletes.isEmpty() || upserts.containsAll(deletes))) {
			return List.copyOf(upserts);
		}
		if (upserts.isEmpty() && deletes.size() == 1) {
			return List.copyOf(deletes);
		}
		Set<String> sorted = new TreeSet<>(upserts);
		sorted.addAll(deletes);
		return List.copyOf(sorted);
	}

	/** Publishes a partition's watermarks for the pipeline status shown by query-service. */
	public void writeStatus(int partition, Map<String, Instant> watermarks) {
		watermarks.forEach((pipeline, watermark) -> this.redis.opsForHash()
			.put(this.keys.pipelineStatus(pipeline), RedisKeys.watermarkField(partition),
					Long.toString(watermark.toEpochMilli())));
	}

	private static String scriptText(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + path, ex);
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static RedisSerializer<List> castReply(RedisSerializer<String> serializer) {
		// the executor applies the serializer to each bulk reply, never to the list itself
		return (RedisSerializer) serializer;
	}

	private static Map<String, String> strings(Map<Object, Object> raw) {
		Map<String, String> result = new HashMap<>(raw.size() * 2);
		raw.forEach((k, v) -> result.put((String) k, (String) v));
		return result;
	}

}
