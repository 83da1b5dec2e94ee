package io.tributary.processing.window.assign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tributary.contract.pipeline.WindowSpec;

/**
 * Maps an event time to the windows the event belongs to, like Flink's {@code WindowAssigner}.
 * A list, so that hopping windows (one event, several windows) fit the same operator; session
 * windows assign one proto-session that the operator merges (see {@link #isMerging()}).
 */
public interface WindowAssigner {

	/**
	 * The windows containing {@code eventTime}, ordered by end.
	 * @throws IllegalArgumentException when the event time is too far from the epoch to window
	 */
	List<TimeWindow> windowsFor(Instant eventTime);

	/**
	 * Whether the windows it assigns are proto-windows that the operator merges per key (session
	 * windows, like Flink's {@code MergingWindowAssigner}) rather than final windows.
	 */
	default boolean isMerging() {
		return false;
	}

	/** How long after the watermark passes a window's end events still update it. */
	Duration allowedLateness();

	/**
	 * The assigner a pipeline declares.
	 * @throws IllegalArgumentException with a user-facing reason when the spec cannot be used
	 */
	static WindowAssigner of(WindowSpec spec) {
		return switch (spec.type()) {
			case TUMBLING -> TumblingWindows.of(spec.size(), spec.allowedLateness());
			case HOPPING -> HoppingWindows.of(spec.size(), spec.slide(), spec.allowedLateness());
			case SESSION -> SessionWindows.of(spec.gap(), spec.allowedLateness());
		};
	}

}
