package io.tributary.processing.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.support.broker.FailureBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries of deliveries whose checkpoint or publish failed, in place: per delivery it counts the
 * failed attempts, says so in the log now and then, pauses between attempts (the failure back-off),
 * marks the partition as failing (ticks leave it alone), and decides when to give up and hand the
 * input back: the partition no longer served here, the stage stopped, or {@code maxRetryInPlace}
 * passed. Counts the deliveries being retried (they hold up their consumer).
 */
final class InPlaceRetries {

	// the window stage's log: one place for operators to read
	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	/** How often a delivery retried in place says so. */
	private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

	private final PartitionSlots slots;

	private final FailureBackoff backoff;

	private final Duration maxRetryInPlace;

	private final AtomicInteger retrying = new AtomicInteger();

	InPlaceRetries(PartitionSlots slots, FailureBackoff backoff, Duration maxRetryInPlace) {
		this.slots = slots;
		this.backoff = backoff;
		this.maxRetryInPlace = maxRetryInPlace;
	}

	/** Whether any delivery is being retried now. */
	boolean anyRetrying() {
		return this.retrying.get() > 0;
	}

	/** The retries of one delivery of one partition; close it when the delivery is done. */
	Delivery start(PartitionSlot slot) {
		return new Delivery(slot);
	}

	final class Delivery implements AutoCloseable {

		private final PartitionSlot slot;

		private final long started = System.nanoTime();

		private long nextLog = this.started;

		private int failures;

		private Delivery(PartitionSlot slot) {
			this.slot = slot;
		}

		/** The input was committed (slot locked): ticks may advance the partition again. */
		void committed() {
			this.slot.failing = false;
			InPlaceRetries.this.backoff.reset();
			if (this.failures > 0) {
				log.info("Partition {}: the batch was committed in order after {} failed attempts in {} ms",
						this.slot.partition, this.failures, (System.nanoTime() - this.started) / 1_000_000);
			}
		}

		/**
		 * An attempt failed: pauses before the next one, or throws {@code failure} to hand the input
		 * back for redelivery.
		 */
		void failed(RuntimeException failure) {
			if (this.failures++ == 0) {
				InPlaceRetries.this.retrying.incrementAndGet();
			}
			// until a checkpoint succeeds, ticks leave the partition alone: no watermark moves by the clock
			this.slot.failing = true;
			boolean served = InPlaceRetries.this.slots.isOpen() && this.slot.assigned;
			if (!served) {
				throw failure;
			}
			if (System.nanoTime() - this.started >= InPlaceRetries.this.maxRetryInPlace.toNanos()) {
				log.warn("Partition {}: the batch could not be committed for {}; handed back for redelivery: {}",
						this.slot.partition, InPlaceRetries.this.maxRetryInPlace, failure.getMessage());
				InPlaceRetries.this.backoff.pause();
				throw failure;
			}
			if (System.nanoTime() - this.nextLog >= 0) {
				log.warn("Partition {}: the batch could not be committed ({}); retrying in place, its input held in order",
						this.slot.partition, failure.getMessage());
				this.nextLog = System.nanoTime() + LOG_INTERVAL.toNanos();
			}
			InPlaceRetries.this.backoff.pause();
			if (Thread.currentThread().isInterrupted()) {
				throw failure;
			}
		}

		@Override
		public void close() {
			if (this.failures > 0) {
				InPlaceRetries.this.retrying.decrementAndGet();
			}
		}

	}

}
