package io.tributary.processing.stream;

import java.time.Duration;
import java.util.Collection;

import io.micrometer.core.instrument.Counter;
import io.tributary.processing.checkpoint.PartitionLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When partitions a standby took over go back to their owners: an owner whose partition another
 * instance holds says so on each tick ({@link #ownerWaits}); the standby holding it looks once a
 * second ({@link #lookForOwner}) and finds the hand-back due once the owner has waited
 * {@link WindowStage.Standby#handBackAfter} ({@link #due}). Ticks call it with the slot locked.
 */
final class StandbyHandBack {

	// the window stage's log: one place for operators to read
	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	private static final long LOOK_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

	private final PartitionLeases leases;

	private final Duration handBackAfter;

	private final Counter handedBack;

	/** @param handedBack counts the partitions handed back */
	StandbyHandBack(PartitionLeases leases, Duration handBackAfter, Counter handedBack) {
		this.leases = leases;
		this.handBackAfter = handBackAfter;
		this.handedBack = handedBack;
	}

	/**
	 * Says that this instance, the owner of a partition whose lease another holds, waits for it; the
	 * word lasts several ticks (a TTL holds at least five).
	 */
	void ownerWaits(PartitionSlot slot) {
		this.leases.markOwnerWaiting(slot.partition, this.leases.ttl().dividedBy(3));
	}

	/** Notes whether the owner of a standby partition held here waits for it; looks once a second. */
	void lookForOwner(PartitionSlot slot) {
		long now = System.nanoTime();
		if (slot.ownerLookedAt != 0 && now - slot.ownerLookedAt < LOOK_INTERVAL_NANOS) {
			return;
		}
		slot.ownerLookedAt = now;
		if (!this.leases.ownerWaiting(slot.partition)) {
			slot.ownerWaitingSince = 0;
		}
		else if (slot.ownerWaitingSince == 0) {
			slot.ownerWaitingSince = now;
			log.info("Partition {}: its owner is back and waits for it; handed back in {}", slot.partition,
					this.handBackAfter);
		}
	}

	/** Whether a standby partition held here has had its owner waiting for {@code handBackAfter}. */
	boolean due(Collection<PartitionSlot> slots) {
		long now = System.nanoTime();
		for (PartitionSlot slot : slots) {
			long since = slot.ownerWaitingSince;
			if (slot.standby && slot.held && since != 0 && now - since >= this.handBackAfter.toNanos()) {
				return true;
			}
		}
		return false;
	}

	/** Counts a partition handed back. */
	void handedBack() {
		this.handedBack.increment();
	}

}
