package io.tributary.processing.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.tributary.contract.DeadLetterRecord;

/**
 * The input a partition applied since its last checkpoint (group commit): each delivery's part
 * with the future its acknowledgement waits for, and the dead letters of the events it refused. The
 * next checkpoint completes the futures; a dropped state (a failed checkpoint, a lost lease) marks
 * the input for replay on the state restored from the checkpoint, so it is applied exactly once
 * there. Read and written with the slot's lock held.
 */
final class UncommittedInput {

	private record Part(PartitionInput input, CompletableFuture<Void> committed) {
	}

	private final List<Part> parts = new ArrayList<>();

	private final List<DeadLetterRecord> rejected = new ArrayList<>();

	/** {@link System#nanoTime} when the oldest part was applied. */
	private long oldestNanos;

	private boolean replayPending;

	/** A part applied to the state, to be committed by the next checkpoint. */
	void add(PartitionInput input, CompletableFuture<Void> committed) {
		if (this.parts.isEmpty()) {
			this.oldestNanos = System.nanoTime();
		}
		this.parts.add(new Part(input, committed));
	}

	/** Dead letters of events the processor refused, written with the next checkpoint. */
	void rejected(DeadLetterRecord record) {
		this.rejected.add(record);
	}

	List<DeadLetterRecord> rejected() {
		return this.rejected;
	}

	boolean isEmpty() {
		return this.parts.isEmpty();
	}

	/** How long the oldest part has waited for a checkpoint, 0 when there is none. */
	long ageNanos(long nowNanos) {
		return this.parts.isEmpty() ? 0 : nowNanos - this.oldestNanos;
	}

	/** The state was dropped: the parts must be applied again, in order, on the restored state. */
	void dropped() {
		this.rejected.clear();
		this.replayPending = !this.parts.isEmpty();
	}

	/** The inputs to apply again on a restored state (empty when none is pending); clears the mark. */
	List<PartitionInput> takeReplay() {
		if (!this.replayPending) {
			return List.of();
		}
		this.replayPending = false;
		return this.parts.stream().map(Part::input).toList();
	}

	/** A checkpoint holds every part: their acknowledgements may go. */
	void committed() {
		this.parts.forEach((p) -> p.committed().complete(null));
		clear();
	}

	/** The parts will not be committed here: their deliveries go back to the broker. */
	void failed(Throwable failure) {
		this.parts.forEach((p) -> p.committed().completeExceptionally(failure));
		clear();
	}

	private void clear() {
		this.parts.clear();
		this.rejected.clear();
		this.replayPending = false;
	}

}
