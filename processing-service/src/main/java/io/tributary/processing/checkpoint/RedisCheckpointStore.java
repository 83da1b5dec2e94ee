package io.tributary.processing.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WireFormat;
import io.tributary.processing.window.Checkpoint;
import io.tributary.processing.window.PartitionSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

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

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> WRITE = RedisScript.of(new ClassPathResource("scripts/checkpoint.lua"),
			List.class);

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

	/** The results the last checkpoint emitted, which may not have reached storage before a crash. */
	public @Nullable ResultBatch loadOutbox(int partition) {
		String json = this.redis.opsForValue().get(this.keys.checkpointOutbox(partition));
		return json == null ? null : WireFormat.read(json, ResultBatch.class);
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
		String outbox = checkpoint.outbox().isEmpty() ? null : WireFormat.writeString(checkpoint.outbox());
		List<String> scriptKeys = new ArrayList<>();
		scriptKeys.add(this.leases.ownerKey(p));
		scriptKeys.add(this.keys.checkpointOutbox(p));
		List<String> args = new ArrayList<>();
		args.add(this.leases.instanceId());
		args.add(Long.toString(this.leases.ttl().toMillis()));
		// the outbox always mirrors the latest checkpoint: re-publishing it is idempotent
		args.add((outbox != null) ? "1" : "0");
		args.add((outbox != null) ? outbox : "");
		addHash(scriptKeys, args, this.keys.checkpointWindows(p), checkpoint.windowUpserts(),
				checkpoint.windowDeletes());
		Set<String> pipelines = new TreeSet<>(checkpoint.dedupUpserts().keySet());
		pipelines.addAll(checkpoint.dedupDeletes().keySet());
		for (String pipeline : pipelines) {
			addHash(scriptKeys, args, this.keys.checkpointDedup(p, pipeline),
					checkpoint.dedupUpserts().getOrDefault(pipeline, Map.of()),
					checkpoint.dedupDeletes().getOrDefault(pipeline, Set.of()));
		}
		addHash(scriptKeys, args, this.keys.checkpointMeta(p), checkpoint.meta(), checkpoint.metaDeletes());
		this.beforeScript.run();
		ReplicaAcknowledgedWrites.Written written = (this.replicated != null)
				? this.replicated.run(WRITE, scriptKeys, args) : null;
		List<?> result = (written != null) ? written.reply() : this.redis.execute(WRITE, scriptKeys, args.toArray());
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
		long bytes = utf8Length(checkpoint.windowUpserts()) + utf8Length(checkpoint.meta());
		for (Map<String, String> ids : checkpoint.dedupUpserts().values()) {
			bytes += utf8Length(ids);
		}
		return (outbox != null) ? bytes + outbox.getBytes(StandardCharsets.UTF_8).length : bytes;
	}

	/** Adds one hash to the script's keys and its writes to the arguments, as checkpoint.lua reads them. */
	private static void addHash(List<String> scriptKeys, List<String> args, String key, Map<String, String> set,
			Collection<String> delete) {
		if (set.isEmpty() && delete.isEmpty()) {
			return;
		}
		scriptKeys.add(key);
		args.add(Integer.toString(set.size()));
		set.forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		args.add(Integer.toString(delete.size()));
		args.addAll(delete);
	}

	private static long utf8Length(Map<String, String> fields) {
		long bytes = 0;
		for (Map.Entry<String, String> field : fields.entrySet()) {
			bytes += field.getKey().getBytes(StandardCharsets.UTF_8).length
					+ field.getValue().getBytes(StandardCharsets.UTF_8).length;
		}
		return bytes;
	}

	/** Publishes a partition's watermarks for the pipeline status shown by query-service. */
	public void writeStatus(int partition, Map<String, Instant> watermarks) {
		watermarks.forEach((pipeline, watermark) -> this.redis.opsForHash()
			.put(this.keys.pipelineStatus(pipeline), RedisKeys.watermarkField(partition),
					Long.toString(watermark.toEpochMilli())));
	}

	private static Map<String, String> strings(Map<Object, Object> raw) {
		Map<String, String> result = new HashMap<>(raw.size() * 2);
		raw.forEach((k, v) -> result.put((String) k, (String) v));
		return result;
	}

}
