package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.List;

import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;

/**
 * The mutable state of one window of one key: accumulators, counts, revision and bookkeeping flags.
 * The window of a session changes as the session grows or merges; every other window keeps its own.
 */
final class WindowState {

	final String key;

	/** Changed only by the operator, which re-files the state under its new bounds. */
	TimeWindow window;

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

	// sessions only, persisted: what storage holds for this session, so that a moved start is retracted

	/** This state's last emission, or null when it has not emitted under its current start (never, or it moved since). */
	@Nullable SessionEmission emitted;

	/**
	 * Earlier emissions (its own under an old start, or of sessions it absorbed) that the next
	 * emission retracts; null when none.
	 */
	@Nullable List<SessionEmission> toRetract;

	// bookkeeping, rebuilt on restore

	/**
	 * When ingestion accepted the oldest and newest events added since the last emission (epoch
	 * millis; {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when none, or not known). Not in
	 * checkpoints: only end-to-end latency metrics read it.
	 */
	long oldestIngest = Long.MAX_VALUE;

	long newestIngest = Long.MIN_VALUE;

	void ingested(long oldest, long newest) {
		this.oldestIngest = Math.min(this.oldestIngest, oldest);
		this.newestIngest = Math.max(this.newestIngest, newest);
	}

	boolean queuedForInterim;

	boolean queuedForFinal;

	boolean inCheckpointDelta;

	/** Written by an earlier checkpoint, so purging it must delete it. */
	boolean persisted;

	boolean purged;

	@Nullable String field;

	/** The hash field a checkpoint stores this state under: named by the window's bounds, so kept until they move. */
	String field(String pipeline) {
		String field = this.field;
		if (field == null) {
			field = StateCodec.windowField(pipeline, this.key, this.window);
			this.field = field;
		}
		return field;
	}

	/** A later emission retracts {@code emission}, which storage holds under a start this state no longer has. */
	void retractLater(SessionEmission emission) {
		if (this.toRetract == null) {
			this.toRetract = new ArrayList<>(2);
		}
		this.toRetract.add(emission);
	}

	WindowState(String key, TimeWindow window, Object[] accumulators) {
		this.key = key;
		this.window = window;
		this.accumulators = accumulators;
	}

}
