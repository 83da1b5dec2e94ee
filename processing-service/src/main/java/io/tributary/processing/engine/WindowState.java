package io.tributary.processing.engine;

import io.tributary.processing.window.TimeWindow;
import org.jspecify.annotations.Nullable;

/** The mutable state of one window of one key: accumulators, counts, revision and bookkeeping flags. */
final class WindowState {

	final String key;

	final TimeWindow window;

	final Object[] accumulators;

	// persisted in checkpoints

	long revision;

	boolean fired;

	/** Changed since it was last emitted. */
	boolean changed;

	long events;

	long duplicates;

	/** Values skipped because they were not numbers (no place in the contract's Counts yet). */
	long invalidValues;

	// bookkeeping, rebuilt on restore

	boolean queuedForInterim;

	boolean queuedForFinal;

	boolean inCheckpointDelta;

	/** Written by an earlier checkpoint, so purging it must delete it. */
	boolean persisted;

	boolean purged;

	@Nullable String field;

	WindowState(String key, TimeWindow window, Object[] accumulators) {
		this.key = key;
		this.window = window;
		this.accumulators = accumulators;
	}

}
