package io.tributary.processing.stream;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import io.tributary.contract.ResultBatch;
import io.tributary.processing.window.PartitionProcessor;
import org.jspecify.annotations.Nullable;

/**
 * One partition this instance serves: its lock, its processor (present exactly while this instance
 * holds the lease and has restored the state) and what it emitted that storage may not have yet.
 * Every field but {@link #held} is read and written with {@link #lock} held.
 */
final class PartitionSlot {

	final int partition;

	/** Serialises deliveries, ticks and release; a tick skips a slot a delivery is working on. */
	final ReentrantLock lock = new ReentrantLock();

	/**
	 * Served because the broker delivered its input here, not because this instance owns it (standby):
	 * its lease is taken for a delivery only, never by a tick, since another instance may be the
	 * partition's consumer.
	 */
	final boolean standby;

	/**
	 * A standby partition held here: since when ({@link System#nanoTime}) its owner has said it waits
	 * for it, 0 while it has not (written by ticks, read by {@link WindowStage#handBackDue}); and when
	 * that was last looked at (ticks only).
	 */
	volatile long ownerWaitingSince;

	long ownerLookedAt;

	/** False once the partition is released: a delivery waiting for its lease gives up. */
	boolean assigned = true;

	/** Whether the lease is held and the state restored; read without the lock (metrics, status). */
	volatile boolean held;

	@Nullable PartitionProcessor processor;

	/** What was applied since the last checkpoint, and the acknowledgements waiting for it. */
	final UncommittedInput uncommitted = new UncommittedInput();

	/** The outbox of a checkpoint whose publish has not been confirmed yet. */
	@Nullable ResultBatch unpublished;

	/**
	 * A delivery's checkpoint or publish failed and is being retried in place (or was handed back):
	 * ticks leave the partition alone until a delivery commits again. Read by ticks under the lock.
	 */
	volatile boolean failing;

	/** Ticks that failed in a row (for the log: once per outage). */
	int tickFailures;

	/** The watermarks last written as the partition's status. */
	Map<String, Instant> lastStatus = Map.of();

	/** {@link System#nanoTime} of the last status write, 0 before the first. */
	long statusWrittenAt;

	/** The watermarks moved since the status was last written (a write held back by its interval). */
	boolean statusPending;

	PartitionSlot(int partition) {
		this(partition, false);
	}

	PartitionSlot(int partition, boolean standby) {
		this.partition = partition;
		this.standby = standby;
	}

	/** The restored state of a lease just taken. */
	void hold(PartitionProcessor processor, @Nullable ResultBatch unpublished) {
		this.unpublished = unpublished;
		this.processor = processor;
		this.held = true;
	}

	/**
	 * Forgets the state: it is rebuilt from the last checkpoint if the lease is taken again, and the
	 * uncommitted input is applied on it again.
	 */
	void drop() {
		this.uncommitted.dropped();
		this.processor = null;
		this.unpublished = null;
		this.held = false;
	}

}
