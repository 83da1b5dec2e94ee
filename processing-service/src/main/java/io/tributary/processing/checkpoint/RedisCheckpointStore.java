package io.tributary.processing.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WireFormat;
import io.tributary.processing.window.Checkpoint;
import io.tributary.processing.window.PartitionSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Stores each partition's window state in Redis. A checkpoint — changed and purged windows, newly
 * counted event ids, watermarks and the outbox of results it emits — is written in one
 * {@code MULTI/EXEC}, so Redis always holds a state that some prefix of the input produced, and
 * the outbox that goes with it. The transaction is fenced by the partition's lease: it is only
 * written while this instance holds the lease, and it refreshes the lease. Every command is
 * idempotent, so a client re-send after a reconnect cannot apply anything twice.
 */
public class RedisCheckpointStore {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final PartitionLeases leases;

	private final Runnable beforeMulti;

	public RedisCheckpointStore(StringRedisTemplate redis, RedisKeys keys, PartitionLeases leases) {
		this(redis, keys, leases, () -> {
		});
	}

	/** @param beforeMulti runs between the owner check and {@code MULTI}: lets a test take the lease there */
	RedisCheckpointStore(StringRedisTemplate redis, RedisKeys keys, PartitionLeases leases, Runnable beforeMulti) {
		this.redis = redis;
		this.keys = keys;
		this.leases = leases;
		this.beforeMulti = beforeMulti;
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
	 * lease in the same transaction. The owner key is watched before its value is checked, so a
	 * takeover between the check and {@code EXEC} (which must set the key) aborts the transaction.
	 * @return the bytes written: field names and values of the hashes set, and the outbox (UTF-8)
	 * @throws LeaseLostException when the lease is not held, or changed hands during the write;
	 * nothing was written
	 */
	public long write(Checkpoint checkpoint) {
		int p = checkpoint.partition();
		String windowsKey = this.keys.checkpointWindows(p);
		String metaKey = this.keys.checkpointMeta(p);
		String outboxKey = this.keys.checkpointOutbox(p);
		String ownerKey = this.leases.ownerKey(p);
		String self = this.leases.instanceId();
		Duration ttl = this.leases.ttl();
		String outbox = checkpoint.outbox().isEmpty() ? null : WireFormat.writeString(checkpoint.outbox());
		List<Object> result = this.redis.execute(new SessionCallback<>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(RedisOperations operations) throws DataAccessException {
				RedisOperations<String, String> ops = operations;
				ops.watch(ownerKey);
				String owner = ops.opsForValue().get(ownerKey);
				if (!self.equals(owner)) {
					ops.unwatch();
					throw new LeaseLostException(p, owner, "not the holder at checkpoint time");
				}
				RedisCheckpointStore.this.beforeMulti.run();
				ops.multi();
				if (!checkpoint.windowUpserts().isEmpty()) {
					ops.opsForHash().putAll(windowsKey, checkpoint.windowUpserts());
				}
				if (!checkpoint.windowDeletes().isEmpty()) {
					ops.opsForHash().delete(windowsKey, checkpoint.windowDeletes().toArray());
				}
				checkpoint.dedupUpserts().forEach((pipeline, ids) -> {
					if (!ids.isEmpty()) {
						ops.opsForHash().putAll(RedisCheckpointStore.this.keys.checkpointDedup(p, pipeline), ids);
					}
				});
				checkpoint.dedupDeletes().forEach((pipeline, ids) -> {
					if (!ids.isEmpty()) {
						ops.opsForHash().delete(RedisCheckpointStore.this.keys.checkpointDedup(p, pipeline), ids.toArray());
					}
				});
				if (!checkpoint.meta().isEmpty()) {
					ops.opsForHash().putAll(metaKey, checkpoint.meta());
				}
				if (!checkpoint.metaDeletes().isEmpty()) {
					ops.opsForHash().delete(metaKey, checkpoint.metaDeletes().toArray());
				}
				// the outbox always mirrors the latest checkpoint: re-publishing it is idempotent
				if (outbox != null) {
					ops.opsForValue().set(outboxKey, outbox);
				}
				else {
					ops.delete(outboxKey);
				}
				ops.expire(ownerKey, ttl);
				return ops.exec();
			}
		});
		if (result == null || result.isEmpty()) {
			// only the owner key is watched: it changed, so someone took (or this instance lost) the lease
			throw new LeaseLostException(p, this.leases.owner(p), "the lease changed during the checkpoint");
		}
		long bytes = utf8Length(checkpoint.windowUpserts()) + utf8Length(checkpoint.meta());
		for (Map<String, String> ids : checkpoint.dedupUpserts().values()) {
			bytes += utf8Length(ids);
		}
		return (outbox != null) ? bytes + outbox.getBytes(StandardCharsets.UTF_8).length : bytes;
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
