package io.tributary.processing.window.assign;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Fixed-size windows that start every {@code slide}, aligned to the epoch, and so overlap when the
 * slide is shorter than the size (Flink's {@code SlidingEventTimeWindows}, Kafka Streams'
 * {@code TimeWindows} with an advance): an event at {@code t} belongs to every window
 * {@code [k * slide, k * slide + size)} that contains {@code t}, that is {@code ceil(size / slide)}
 * windows or one fewer. Millisecond resolution, as {@link TumblingWindows}.
 */
final class HoppingWindows implements WindowAssigner {

	private final Duration size;

	private final Duration slide;

	private final long sizeMillis;

	private final long slideMillis;

	private final Duration allowedLateness;

	private HoppingWindows(Duration size, Duration slide, Duration allowedLateness) {
		this.size = size;
		this.slide = slide;
		this.sizeMillis = size.toMillis();
		this.slideMillis = slide.toMillis();
		this.allowedLateness = allowedLateness;
	}

	/** @throws IllegalArgumentException with a user-facing reason */
	static HoppingWindows of(@Nullable Duration size, @Nullable Duration slide, Duration allowedLateness) {
		if (slide == null) {
			throw new IllegalArgumentException("a hopping window needs a slide");
		}
		// the same rules for size and lateness as a tumbling window
		TumblingWindows.of(size, allowedLateness);
		TumblingWindows.of(slide, allowedLateness);
		if (slide.compareTo(size) > 0) {
			throw new IllegalArgumentException("the slide (" + slide + ") must not be longer than the size (" + size + ")");
		}
		return new HoppingWindows(size, slide, allowedLateness);
	}

	@Override
	public List<TimeWindow> windowsFor(Instant eventTime) {
		try {
			long t = eventTime.toEpochMilli();
			long lastStart = Math.multiplyExact(Math.floorDiv(t, this.slideMillis), this.slideMillis);
			List<TimeWindow> windows = new ArrayList<>((int) (this.sizeMillis / this.slideMillis) + 1);
			// the earliest window that still contains t starts after t - size
			long firstStart = lastStart;
			while (Math.subtractExact(firstStart, this.slideMillis) > Math.subtractExact(t, this.sizeMillis)) {
				firstStart -= this.slideMillis;
			}
			for (long start = firstStart; start <= lastStart; start += this.slideMillis) {
				windows.add(new TimeWindow(start, Math.addExact(start, this.sizeMillis)));
			}
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

	@Override
	public String toString() {
		return "HoppingWindows[size=" + this.size + ", slide=" + this.slide + ", allowedLateness="
				+ this.allowedLateness + "]";
	}

}
