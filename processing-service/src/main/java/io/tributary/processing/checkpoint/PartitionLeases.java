package io.tributary.processing.checkpoint;

import java.time.Duration;
import java.util.List;

import io.tributary.contract.RedisKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger log = LoggerFactory.getLogger(PartitionLeases.class);

	/**
	 * The start of both acquire scripts: {@code SET NX PX} when free, extended when the caller holds it
	 * (1 in both cases).
	 */
	private static final String FREE_OR_HELD = """
			local owner = redis.call('GET', KEYS[1])
			if not owner then
				redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
				return 1
			end
			if owner == ARGV[1] then
				redis.call('PEXPIRE', KEYS[1], ARGV[2])
				return 1
			end
			""";

	/** Takes a free lease or extends the caller's: 1 when the caller holds it afterwards. */
	private static final RedisScript<Long> ACQUIRE = RedisScript.of(FREE_OR_HELD + "return 0\n", Long.class);

	/**
	 * As {@link #ACQUIRE}, and also takes a lease an earlier incarnation of the caller's slot holds (its
	 * owner is ARGV[3] followed by a start time before ARGV[4] and a colon): 2 when it took such a lease
	 * over. Never the other way: an older incarnation does not take a newer one's lease back.
	 */
	private static final RedisScript<Long> ACQUIRE_AS_SUCCESSOR = RedisScript.of(FREE_OR_HELD + """
			if string.sub(owner, 1, string.len(ARGV[3])) == ARGV[3] then
				local started = tonumber(string.match(string.sub(owner, string.len(ARGV[3]) + 1), '^(%d+):'))
				if started and started < tonumber(ARGV[4]) then
					redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
					return 2
				end
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

	/**
	 * Takes the lease whoever holds it; returns who held it before ("" when nobody did). Sent again
	 * after a reconnect it changes nothing more.
	 */
	private static final RedisScript<String> TAKE_OVER = RedisScript.of("""
			local owner = redis.call('GET', KEYS[1])
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return owner or ''
			""", String.class);

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

	private final @Nullable String slot;

	/**
	 * @param instanceId unique to this process (never reused by a restart): fencing compares it
	 * @param ttl        how long a lease lasts without a refresh; also how long the partitions of a
	 *                   crashed instance wait before another may take them
	 */
	public PartitionLeases(StringRedisTemplate redis, RedisKeys keys, String instanceId, Duration ttl) {
		this(redis, keys, instanceId, ttl, null);
	}

	/**
	 * @param instanceId {@code slot}, then this incarnation's start time in epoch milliseconds and a
	 *             colon, then anything that makes it unique
	 * @param slot the start of the ids of every incarnation of this instance's place in the deployment
	 *             (e.g. its static assignment and host), of which only one should run at a time: a lease
	 *             held by an earlier-started incarnation, which a restart replaced, is taken at once
	 *             instead of after its TTL. Fencing is unchanged: should that incarnation still run, its
	 *             next checkpoint is refused and it drops the partition, and it never takes the lease
	 *             back. Null: only expired leases are taken
	 */
	public PartitionLeases(StringRedisTemplate redis, RedisKeys keys, String instanceId, Duration ttl,
			@Nullable String slot) {
		if (slot != null && startedAt(instanceId, slot) < 0) {
			throw new IllegalArgumentException("instance id " + instanceId + " must be its slot " + slot
					+ " followed by its start time in epoch milliseconds and a colon");
		}
		this.slot = slot;
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

	/**
	 * Takes the lease if nobody holds it, or an earlier incarnation of this instance's slot does (or
	 * extends it if this instance does); true when held now.
	 */
	public boolean tryAcquire(int partition) {
		String slot = this.slot;
		if (slot == null) {
			return run(ACQUIRE, partition);
		}
		Long result = this.redis.execute(ACQUIRE_AS_SUCCESSOR, List.of(ownerKey(partition)), this.instanceId,
				Long.toString(this.ttl.toMillis()), slot, Long.toString(startedAt(this.instanceId, slot)));
		if (result != null && result == 2L) {
			log.info("Partition {}: took the lease over from an earlier incarnation of this instance ({}*)",
					partition, slot);
		}
		return result != null && result >= 1L;
	}

	/**
	 * Takes the lease whoever holds it, for an instance the broker made the partition's only consumer
	 * while the holder did not release it. The holder, should it still run, is fenced off: its next
	 * checkpoint is refused and it drops the state.
	 * @return who held the lease before, or null when nobody did
	 */
	public @Nullable String takeOver(int partition) {
		String before = this.redis.execute(TAKE_OVER, List.of(ownerKey(partition)), this.instanceId,
				Long.toString(this.ttl.toMillis()));
		return (before == null || before.isEmpty()) ? null : before;
	}

	/**
	 * Says that this instance, the partition's owner, waits for it while another instance holds its
	 * lease; the word lasts {@code validFor} unless said again.
	 */
	public void markOwnerWaiting(int partition, Duration validFor) {
		this.redis.opsForValue().set(this.keys.checkpointOwnerWaiting(partition), this.instanceId, validFor);
	}

	/** Whether the partition's owner said it waits for the partition (within its word's validity). */
	public boolean ownerWaiting(int partition) {
		return Boolean.TRUE.equals(this.redis.hasKey(this.keys.checkpointOwnerWaiting(partition)));
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

	/** The start time an id of the slot carries, or -1 when it is not such an id. */
	private static long startedAt(String instanceId, String slot) {
		if (slot.isEmpty() || !instanceId.startsWith(slot)) {
			return -1;
		}
		int colon = instanceId.indexOf(':', slot.length());
		try {
			return (colon > slot.length()) ? Long.parseLong(instanceId.substring(slot.length(), colon)) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private boolean run(RedisScript<Long> script, int partition) {
		Long result = this.redis.execute(script, List.of(ownerKey(partition)), this.instanceId,
				Long.toString(this.ttl.toMillis()));
		return result != null && result == 1L;
	}

}
