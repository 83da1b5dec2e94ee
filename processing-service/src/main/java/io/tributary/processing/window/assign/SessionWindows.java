package io.tributary.processing.window.assign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Per-key windows of activity separated by at least {@code gap} of inactivity (Flink's
 * {@code EventTimeSessionWindows}): an event at {@code t} opens the proto-session
 * {@code [t, t + gap)}, and the operator merges it with every session of the same key that it
 * overlaps or touches. This assigner only makes the proto-session; the merging needs the key's
 * state and lives in the operator. Millisecond resolution, as {@link TumblingWindows}.
 */
final class SessionWindows implements WindowAssigner {

	private final Duration gap;

	private final long gapMillis;

	private final Duration allowedLateness;

	private SessionWindows(Duration gap, Duration allowedLateness) {
		this.gap = gap;
		this.gapMillis = gap.toMillis();
		this.allowedLateness = allowedLateness;
	}

	/**
	 * @param allowedLateness valid as {@code WindowSpec} ensures
	 * @throws IllegalArgumentException with a user-facing reason
	 */
	static SessionWindows of(@Nullable Duration gap, Duration allowedLateness) {
		if (gap == null) {
			throw new IllegalArgumentException("a session window needs a gap");
		}
		if (gap.isNegative() || gap.isZero()) {
			throw new IllegalArgumentException("session gap must be greater than zero, got " + gap);
		}
		if (gap.toNanosPart() % 1_000_000 != 0) {
			throw new IllegalArgumentException("session gap must be a whole number of milliseconds, got " + gap);
		}
		try {
			gap.toMillis();
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException("session gap must fit in 64-bit milliseconds, got " + gap);
		}
		return new SessionWindows(gap, allowedLateness);
	}

	/** The proto-session {@code [t, t + gap)}. */
	@Override
	public List<TimeWindow> windowsFor(Instant eventTime) {
		try {
			long t = eventTime.toEpochMilli();
			return List.of(new TimeWindow(t, Math.addExact(t, this.gapMillis)));
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException("event time " + eventTime + " is out of the windowable range");
		}
	}

	@Override
	public boolean isMerging() {
		return true;
	}

	@Override
	public Duration allowedLateness() {
		return this.allowedLateness;
	}

	@Override
	public String toString() {
		return "SessionWindows[gap=" + this.gap + ", allowedLateness=" + this.allowedLateness + "]";
	}

}
