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

	/**
	 * The window list returned last: most events of a stream fall in the same window as the one
	 * before, and every counted event's id keeps its list until the window purges, so they share
	 * one. Immutable, so a partition thread that reads another's (or a stale one) is still right.
	 */
	private volatile @Nullable Windows last;

	@Override
	public List<TimeWindow> windowsFor(Instant eventTime) {
		try {
			long t = eventTime.toEpochMilli();
			long start = Math.multiplyExact(Math.floorDiv(t, this.sizeMillis), this.sizeMillis);
			Windows last = this.last;
			if (last != null && last.start() == start) {
				return last.windows();
			}
			List<TimeWindow> windows = List.of(new TimeWindow(start, Math.addExact(start, this.sizeMillis)));
			this.last = new Windows(start, windows);
			return windows;
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

	private record Windows(long start, List<TimeWindow> windows) {
	}

}
