package io.tributary.processing.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.processing.window.PartitionProcessor;
import io.tributary.support.broker.FailureBackoff;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a delivery for a partition whose lease another instance holds wait until the lease is
 * this instance's (the input stays unacked and in order), polling it; counts the deliveries waiting.
 */
final class LeaseWait {

	// the window stage's log: one place for operators to read
	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	/** How often a delivery that waits for a lease says so. */
	private static final Duration WAIT_LOG_INTERVAL = Duration.ofSeconds(30);

	/** One look at the lease: held now (the slot stays locked), or held elsewhere (unlocked). */
	enum Attempt {

		HELD, HELD_ELSEWHERE

	}

	private final PartitionSlots slots;

	private final Duration poll;

	private final FailureBackoff backoff;

	/** How long a delivery waits for the lease's holder to release it before taking it over; null: forever. */
	private final @Nullable Duration takeOverAfter;

	/**
	 * Deliveries waiting for a lease. They hold up the consumer, and with it the input of every other
	 * partition it serves (one Kafka consumer serves all assigned partitions), so meanwhile no
	 * partition's idle clock runs: see {@link PartitionProcessor#inputStalled}.
	 */
	private final AtomicInteger waiting = new AtomicInteger();

	/**
	 * @param poll how often a delivery for a partition leased to another instance checks the lease again
	 * @param takeOverAfter how long a delivery waits for the lease's holder to release it before this
	 *             instance takes it over (standby: the broker delivers input to one consumer per partition,
	 *             so a holder that is not it is gone or stopping); null: wait as long as it is held
	 */
	LeaseWait(PartitionSlots slots, Duration poll, FailureBackoff backoff, @Nullable Duration takeOverAfter) {
		this.slots = slots;
		this.poll = poll;
		this.backoff = backoff;
		this.takeOverAfter = takeOverAfter;
	}

	/** Whether any delivery waits for a lease now. */
	boolean anyWaiting() {
		return this.waiting.get() > 0;
	}

	/**
	 * Returns with the slot locked and its lease held.
	 * @throws IllegalStateException when the stage stopped or the partition was released meanwhile:
	 * the input goes back to the queue
	 * @throws RuntimeException when the lease could not be looked at (after the failure back-off)
	 */
	void await(PartitionSlot slot) {
		long started = System.nanoTime();
		long nextLog = started;
		boolean counted = false;
		try {
			while (attempt(slot, takeOverDue(started)) == Attempt.HELD_ELSEWHERE) {
				if (!counted) {
					this.waiting.incrementAndGet();
					counted = true;
				}
				if (!this.slots.isOpen() || !slot.assigned) {
					throw new IllegalStateException("Partition " + slot.partition
							+ " is no longer served here; its input goes back to the queue");
				}
				if (System.nanoTime() - nextLog >= 0) {
					log.info("Partition {}: input waits for the lease, held by {}", slot.partition,
							this.slots.ownerOrUnknown(slot.partition));
					nextLog = System.nanoTime() + WAIT_LOG_INTERVAL.toNanos();
				}
				sleep(this.poll);
			}
		}
		finally {
			if (counted) {
				this.waiting.decrementAndGet();
			}
		}
		if (System.nanoTime() - started > this.poll.toNanos()) {
			log.info("Partition {}: lease taken after waiting {} ms", slot.partition, (System.nanoTime() - started) / 1_000_000);
		}
	}

	private boolean takeOverDue(long waitingSince) {
		Duration after = this.takeOverAfter;
		return after != null && System.nanoTime() - waitingSince >= after.toNanos();
	}

	/**
	 * Locks the slot and looks at the lease, taking it if free (or whoever holds it, with
	 * {@code takeOver}); unlocks unless it is held.
	 */
	private Attempt attempt(PartitionSlot slot, boolean takeOver) {
		slot.lock.lock();
		boolean held;
		try {
			held = takeOver ? this.slots.takeOver(slot) : this.slots.holdOrTake(slot);
		}
		catch (RuntimeException ex) {
			slot.lock.unlock();
			this.backoff.pause();
			throw ex;
		}
		if (held) {
			return Attempt.HELD;
		}
		slot.lock.unlock();
		return Attempt.HELD_ELSEWHERE;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
