package io.tributary.processing.checkpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.processing.window.Checkpoint;
import io.tributary.testsupport.SharedRedisTemplate;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Partition leases and the fenced checkpoint on the real Redis: one holder at a time, only the
 * holder refreshes, releases and writes, an unrefreshed lease expires, and a takeover right before
 * the checkpoint script aborts the checkpoint.
 */
class PartitionLeasesIT {

	private static final int P = 3;

	private final String ns = TestInfrastructure.newNamespace("lease-it");

	private final RedisKeys keys = new RedisKeys(this.ns);

	private SharedRedisTemplate connection;

	private StringRedisTemplate redis;

	/** A second connection, as another instance has. */
	private SharedRedisTemplate otherConnection;

	private StringRedisTemplate other;

	@BeforeEach
	void connect() {
		this.connection = SharedRedisTemplate.connect(this.ns);
		this.redis = this.connection.redis();
		this.otherConnection = SharedRedisTemplate.connect(this.ns);
		this.other = this.otherConnection.redis();
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
		this.otherConnection.close();
	}

	@Test
	void onlyOneInstanceHoldsALeaseAndOnlyTheHolderCanRefreshOrReleaseIt() {
		PartitionLeases a = leases(this.redis, "a", Duration.ofSeconds(30));
		PartitionLeases b = leases(this.other, "b", Duration.ofSeconds(30));

		assertThat(a.tryAcquire(P)).isTrue();
		assertThat(b.tryAcquire(P)).isFalse();
		assertThat(a.tryAcquire(P)).as("taking it again is idempotent for the holder").isTrue();
		assertThat(this.redis.opsForValue().get(this.ns + ":ckpt:{p3}:owner")).isEqualTo("a");
		assertThat(b.owner(P)).isEqualTo("a");
		assertThat(b.tryAcquire(P + 1)).as("other partitions are independent").isTrue();

		assertThat(b.refresh(P)).isFalse();
		assertThat(b.release(P)).isFalse();
		assertThat(a.owner(P)).isEqualTo("a");

		assertThat(a.release(P)).isTrue();
		assertThat(a.owner(P)).isNull();
		assertThat(a.release(P)).as("releasing twice (a re-sent command) changes nothing").isFalse();
		assertThat(b.tryAcquire(P)).isTrue();
		assertThat(a.refresh(P)).isFalse();
	}

	@Test
	void aLeaseThatIsNotRefreshedExpiresAndCannotBeRefreshedAfterwardsEvenIfNobodyTookIt() throws Exception {
		PartitionLeases a = leases(this.redis, "a", Duration.ofMillis(400));
		PartitionLeases b = leases(this.other, "b", Duration.ofMillis(400));
		assertThat(a.tryAcquire(P)).isTrue();
		Thread.sleep(250);
		assertThat(a.refresh(P)).isTrue();
		Thread.sleep(250);
		assertThat(b.tryAcquire(P)).as("refreshed 250 ms ago, so still held").isFalse();

		Thread.sleep(500);

		assertThat(a.owner(P)).isNull();
		assertThat(a.refresh(P)).as("someone may have held and released it meanwhile").isFalse();
		assertThat(b.tryAcquire(P)).isTrue();
	}

	@Test
	void aCheckpointIsWrittenOnlyByTheLeaseHolderAndExtendsTheLease() {
		PartitionLeases a = leases(this.redis, "a", Duration.ofSeconds(60));
		PartitionLeases b = leases(this.other, "b", Duration.ofSeconds(60));
		RedisCheckpointStore storeA = new RedisCheckpointStore(this.redis, this.keys, a);
		RedisCheckpointStore storeB = new RedisCheckpointStore(this.other, this.keys, b);

		assertThatExceptionOfType(LeaseLostException.class).as("nobody holds it")
			.isThrownBy(() -> storeA.write(checkpoint("w1", "v1")))
			.satisfies((ex) -> assertThat(ex.owner()).isNull());
		assertThat(this.redis.hasKey(this.keys.checkpointWindows(P))).isFalse();

		assertThat(a.tryAcquire(P)).isTrue();
		this.redis.expire(a.ownerKey(P), Duration.ofSeconds(2));
		storeA.write(checkpoint("w1", "v1"));
		assertThat(this.redis.opsForHash().entries(this.keys.checkpointWindows(P))).containsExactly(Map.entry("w1", "v1"));
		assertThat(this.redis.getExpire(a.ownerKey(P))).as("seconds left on the lease after the checkpoint")
			.isGreaterThan(50);

		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> storeB.write(checkpoint("w1", "from-b")))
			.satisfies((ex) -> assertThat(ex.owner()).isEqualTo("a"));
		assertThat(this.redis.opsForHash().entries(this.keys.checkpointWindows(P))).containsExactly(Map.entry("w1", "v1"));
	}

	@Test
	void aTakeoverJustBeforeTheCheckpointScriptAbortsTheCheckpoint() {
		PartitionLeases a = leases(this.redis, "a", Duration.ofSeconds(60));
		// a has held the lease until now; it expires right before a's script runs, and b takes it
		RedisCheckpointStore storeA = new RedisCheckpointStore(this.redis, this.keys, a, null, () -> {
			this.other.delete(a.ownerKey(P));
			assertThat(leases(this.other, "b", Duration.ofSeconds(60)).tryAcquire(P)).isTrue();
		});
		assertThat(a.tryAcquire(P)).isTrue();

		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> storeA.write(checkpoint("w1", "v1")))
			.satisfies((ex) -> assertThat(ex.owner()).isEqualTo("b"));

		assertThat(this.redis.hasKey(this.keys.checkpointWindows(P))).isFalse();
		assertThat(this.redis.hasKey(this.keys.checkpointOutbox(P))).isFalse();
		assertThat(a.owner(P)).isEqualTo("b");
	}

	@Test
	void aRestartedInstanceTakesItsPredecessorsLeasesAtOnceButNeverTheOtherWayOrAcrossSlots() {
		String slot = "0of1@pod-0:";
		PartitionLeases crashed = new PartitionLeases(this.redis, this.keys, slot + "1000:11:a", Duration.ofSeconds(30), slot);
		PartitionLeases restarted = new PartitionLeases(this.other, this.keys, slot + "2000:12:b", Duration.ofSeconds(30), slot);
		PartitionLeases otherSlot = new PartitionLeases(this.other, this.keys, "1of2@pod-0:3000:13:c", Duration.ofSeconds(30),
				"1of2@pod-0:");
		PartitionLeases noSlot = leases(this.other, slot + "4000:14:d", Duration.ofSeconds(30));

		assertThat(crashed.tryAcquire(P)).isTrue();
		assertThat(otherSlot.tryAcquire(P)).as("another slot waits for the TTL").isFalse();
		assertThat(noSlot.tryAcquire(P)).as("without a slot only expired leases are taken").isFalse();
		assertThat(crashed.owner(P)).isEqualTo(slot + "1000:11:a");

		assertThat(restarted.tryAcquire(P)).as("the later incarnation of the slot takes it at once").isTrue();
		assertThat(restarted.owner(P)).isEqualTo(slot + "2000:12:b");
		assertThat(this.redis.getExpire(this.ns + ":ckpt:{p3}:owner")).isPositive();
		assertThat(crashed.refresh(P)).as("the earlier one has lost it").isFalse();
		assertThat(crashed.tryAcquire(P)).as("and never takes it back from the later one").isFalse();
		assertThat(restarted.owner(P)).isEqualTo(slot + "2000:12:b");
		assertThat(restarted.tryAcquire(P)).as("holding it, it extends it").isTrue();
	}

	@Test
	void aTakeoverTakesTheLeaseFromWhoeverHoldsItAndSaysFromWhom() {
		PartitionLeases holder = leases(this.redis, "holder", Duration.ofSeconds(30));
		PartitionLeases standby = leases(this.other, "standby", Duration.ofSeconds(30));

		assertThat(standby.takeOver(P)).as("nobody held it").isNull();
		assertThat(standby.owner(P)).isEqualTo("standby");
		assertThat(standby.release(P)).isTrue();

		assertThat(holder.tryAcquire(P)).isTrue();
		assertThat(standby.tryAcquire(P)).isFalse();
		assertThat(standby.takeOver(P)).isEqualTo("holder");
		assertThat(standby.owner(P)).isEqualTo("standby");
		assertThat(this.redis.getExpire(this.ns + ":ckpt:{p3}:owner")).as("with the TTL").isPositive();
		assertThat(holder.refresh(P)).as("the holder has lost it").isFalse();
		assertThat(holder.release(P)).isFalse();
		assertThat(standby.takeOver(P)).as("sent again, it changes nothing").isEqualTo("standby");
		assertThat(standby.refresh(P)).isTrue();
	}

	@Test
	void anIdThatIsNotItsSlotFollowedByAStartTimeIsRefused() {
		assertThatThrownBy(() -> new PartitionLeases(this.redis, this.keys, "0of1@pod-0:abc:1", Duration.ofSeconds(1),
				"0of1@pod-0:")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new PartitionLeases(this.redis, this.keys, "1of2@pod-0:1000:1", Duration.ofSeconds(1),
				"0of1@pod-0:")).isInstanceOf(IllegalArgumentException.class);
	}

	private PartitionLeases leases(StringRedisTemplate template, String id, Duration ttl) {
		return new PartitionLeases(template, this.keys, id, ttl);
	}

	private static Checkpoint checkpoint(String window, String state) {
		return new Checkpoint(P, Map.of(window, state), Set.of(), Map.of(), Map.of(), Map.of(),
				new ResultBatch(List.of(), List.of(), List.of()));
	}

}
