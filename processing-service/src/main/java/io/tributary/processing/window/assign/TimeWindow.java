package io.tributary.processing.window.assign;

import java.time.Instant;

/**
 * One window instance: the half-open event-time interval {@code [start, end)}, in epoch
 * milliseconds. Windows order by end, then start: the order in which a rising watermark fires them.
 */
public record TimeWindow(long startMillis, long endMillis) implements Comparable<TimeWindow> {

	public TimeWindow {
		if (endMillis <= startMillis) {
			throw new IllegalArgumentException("window end " + endMillis + " must be after its start " + startMillis);
		}
	}

	public static TimeWindow of(Instant start, Instant end) {
		return new TimeWindow(start.toEpochMilli(), end.toEpochMilli());
	}

	public Instant start() {
		return Instant.ofEpochMilli(this.startMillis);
	}

	public Instant end() {
		return Instant.ofEpochMilli(this.endMillis);
	}

	/** Whether {@code eventTime} falls in {@code [start, end)}. */
	public boolean contains(Instant eventTime) {
		return !eventTime.isBefore(start()) && eventTime.isBefore(end());
	}

	@Override
	public int compareTo(TimeWindow other) {
		int byEnd = Long.compare(this.endMillis, other.endMillis);
		return byEnd != 0 ? byEnd : Long.compare(this.startMillis, other.startMillis);
	}

	@Override
	public String toString() {
		return "[" + start() + ", " + end() + ")";
	}

}
