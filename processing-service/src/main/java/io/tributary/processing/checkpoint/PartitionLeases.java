package io.tributary.processing.checkpoint;

import java.time.Duration;
import java.util.List;

import io.tributary.contract.RedisKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Leases on partitions: only the instance whose id the owner key holds may restore a partition's
 * state and write its checkpoints ({@link RedisCheckpointStore#write} is fenced on it). The key
 * expires after the TTL unless its holder refreshes it, so the partitions of a crashed instance
 * become free on their own. Each operation is a script that only touches the key when the caller
 * holds it (or nobody does), so a command re-sent by Lettuce after a reconnect changes nothing.
 */
public class PartitionLeases {

	/** {@code SET NX PX}, or extend it when the caller already holds it: 1 when the caller holds it afterwards. */
	private static final RedisScript<Long> ACQUIRE = RedisScript.of("""
			local owner = redis.call('GET', KEYS[1])
			if not owner then
				redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
				return 1
			end
			if owner == ARGV[1] then
				redis.call('PEXPIRE', KEYS[1], ARGV[2])
				return 1
			end
			return 0
			""", Long.class);

	/**
	 * Extends the lease only while the caller still holds it: a lease that expired meanwhile is lost
	 * even if nobody took it, since someone may have held, written and released it in between.
	 */
	private static final RedisScript<Long> REFRESH = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				redis.call('PEXPIRE', KEYS[1], ARGV[2])
				return 1
			end
			return 0
			""", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				redis.call('DEL', KEYS[1])
				return 1
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final String instanceId;

	private final Duration ttl;

	/**
	 * @param instanceId unique to this process (never reused by a restart): fencing compares it
	 * @param ttl        how long a lease lasts without a refresh; also how long the partitions of a
	 *                   crashed instance wait before another may take them
	 */
	public PartitionLeases(StringRedisTemplate redis, RedisKeys keys, String instanceId, Duration ttl) {
		if (instanceId.isBlank()) {
			throw new IllegalArgumentException("instance id must not be blank");
		}
		if (ttl.toMillis() < 1) {
			throw new IllegalArgumentException("lease TTL must be at least 1 ms, got " + ttl);
		}
		this.redis = redis;
		this.keys = keys;
		this.instanceId = instanceId;
		this.ttl = ttl;
	}

	/**
	 * String: the id of the instance holding the partition's lease, with a TTL. Same hash tag as the
	 * partition's checkpoint keys, so the fenced checkpoint transaction stays on one Redis Cluster slot.
	 */
	public String ownerKey(int partition) {
		return this.keys.checkpointOwner(partition);
	}

	public String instanceId() {
		return this.instanceId;
	}

	public Duration ttl() {
		return this.ttl;
	}

	/** Takes the lease if nobody holds it (or extends it if this instance does); true when held now. */
	public boolean tryAcquire(int partition) {
		return run(ACQUIRE, partition);
	}

	/** Extends the lease; false when this instance no longer holds it (expired or taken). */
	public boolean refresh(int partition) {
		return run(REFRESH, partition);
	}

	/** Gives the lease up if this instance holds it; false when it did not. */
	public boolean release(int partition) {
		Long result = this.redis.execute(RELEASE, List.of(ownerKey(partition)), this.instanceId);
		return result != null && result == 1L;
	}

	/** Who holds the partition's lease now, if anyone. */
	public @Nullable String owner(int partition) {
		return this.redis.opsForValue().get(ownerKey(partition));
	}

	private boolean run(RedisScript<Long> script, int partition) {
		Long result = this.redis.execute(script, List.of(ownerKey(partition)), this.instanceId,
				Long.toString(this.ttl.toMillis()));
		return result != null && result == 1L;
	}

}
