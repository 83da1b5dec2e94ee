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
		requireWholeMillis(size, "window size");
		return new TumblingWindows(size, allowedLateness);
	}

	/**
	 * The rule for every fixed window length (a size, a hopping window's slide).
	 * @param name what the length is, as the reason names it ("window size", "window slide")
	 * @throws IllegalArgumentException unless the length is a positive whole number of milliseconds
	 * that fits in 64 bits
	 */
	static void requireWholeMillis(Duration length, String name) {
		if (length.isNegative() || length.isZero()) {
			throw new IllegalArgumentException(name + " must be greater than zero, got " + length);
		}
		if (length.toNanosPart() % 1_000_000 != 0) {
			throw new IllegalArgumentException(name + " must be a whole number of milliseconds, got " + length);
		}
		try {
			length.toMillis();
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException(name + " must fit in 64-bit milliseconds, got " + length);
		}
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
