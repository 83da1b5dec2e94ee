package io.tributary.processing.window.assign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Fixed-size, non-overlapping windows aligned to the epoch (like Kafka Streams' {@code TimeWindows}
 * without advance): an event at {@code t} belongs to {@code [floor(t / size) * size, + size)}.
 * Event times are windowed at millisecond resolution (sub-millisecond parts are floored).
 */
final class TumblingWindows implements WindowAssigner {

	private final Duration size;

	private final long sizeMillis;

	private final Duration allowedLateness;

	private TumblingWindows(Duration size, Duration allowedLateness) {
		this.size = size;
		this.sizeMillis = size.toMillis();
		this.allowedLateness = allowedLateness;
	}

	/**
	 * @param allowedLateness valid as {@code WindowSpec} ensures
	 * @throws IllegalArgumentException with a user-facing reason
	 */
	static TumblingWindows of(@Nullable Duration size, Duration allowedLateness) {
		if (size == null) {
			throw new IllegalArgumentException("a tumbling window needs a size");
		}
		if (size.isNegative() || size.isZero()) {
			throw new IllegalArgumentException("window size must be greater than zero, got " + size);
		}
		if (size.toNanosPart() % 1_000_000 != 0) {
			throw new IllegalArgumentException("window size must be a whole number of milliseconds, got " + size);
		}
		try {
			size.toMillis();
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException("window size must fit in 64-bit milliseconds, got " + size);
		}
		return new TumblingWindows(size, allowedLateness);
	}

	@Override
	public List<TimeWindow> windowsFor(Instant eventTime) {
		try {
			long t = eventTime.toEpochMilli();
			long start = Math.multiplyExact(Math.floorDiv(t, this.sizeMillis), this.sizeMillis);
			return List.of(new TimeWindow(start, Math.addExact(start, this.sizeMillis)));
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException("event time " + eventTime + " is out of the windowable range");
		}
	}

	@Override
	public Duration allowedLateness() {
		return this.allowedLateness;
	}

	Duration size() {
		return this.size;
	}

	@Override
	public String toString() {
		return "TumblingWindows[size=" + this.size + ", allowedLateness=" + this.allowedLateness + "]";
	}

}
