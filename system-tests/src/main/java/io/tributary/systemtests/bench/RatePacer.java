package io.tributary.systemtests.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One pacing schedule shared by a channel's sender threads, so that their total rate is the target
 * whatever their number: each batch claims the next slot of the schedule (one {@link AtomicLong},
 * the time the next slot is due) and is sent when it is due. A schedule that fell behind (every
 * sender busy, or paused by a 503) catches up by at most {@link #MAX_LAG_NANOS}, so a pause does not
 * turn into a burst. Three states: unpaced (send at once), paced at a rate, and stopped (rate 0).
 */
final class RatePacer {

	/** What {@link #claim(int)} answers while the rate is 0: send nothing, ask again later. */
	static final long STOPPED = -1;

	/** How far behind its schedule a channel may be and still catch up. */
	static final long MAX_LAG_NANOS = 200_000_000L;

	private final LongSupplier nanoClock;

	private final AtomicLong nextDue = new AtomicLong();

	/** Events per second; {@code +Infinity}: unpaced. */
	private volatile double eventsPerSecond = Double.POSITIVE_INFINITY;

	RatePacer(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	/** Sends as fast as the senders can. */
	void unpaced() {
		this.eventsPerSecond = Double.POSITIVE_INFINITY;
	}

	/** A new schedule from now at {@code eventsPerSecond} (0: send nothing). */
	void rate(double eventsPerSecond) {
		if (!(eventsPerSecond >= 0)) {
			throw new IllegalArgumentException("rate must be >= 0, got " + eventsPerSecond);
		}
		this.nextDue.set(this.nanoClock.getAsLong());
		this.eventsPerSecond = eventsPerSecond;
	}

	/** The target in events/s, {@code +Infinity} when unpaced. */
	double eventsPerSecond() {
		return this.eventsPerSecond;
	}

	/**
	 * How many events the next batch holds: {@code maxBatch} when unpaced or without a linger, else the
	 * events due within {@code linger} at the current rate, between 1 and {@code maxBatch}.
	 */
	int batchSize(int maxBatch, Duration linger) {
		double rate = this.eventsPerSecond;
		if (linger.isZero() || rate == Double.POSITIVE_INFINITY || rate <= 0) {
			return maxBatch;
		}
		long due = Math.round(rate * linger.toNanos() / 1e9);
		return (int) Math.max(1, Math.min(maxBatch, due));
	}

	/**
	 * Claims the slot of a batch of {@code events}: how many nanoseconds to wait before sending it
	 * (0: now), or {@link #STOPPED}.
	 */
	long claim(int events) {
		double rate = this.eventsPerSecond;
		if (rate == Double.POSITIVE_INFINITY) {
			return 0;
		}
		if (rate <= 0) {
			return STOPPED;
		}
		long slot = Math.max(1, Math.round(events * 1e9 / rate));
		while (true) {
			long now = this.nanoClock.getAsLong();
			long due = this.nextDue.get();
			long start = Math.max(due, now - MAX_LAG_NANOS);
			if (this.nextDue.compareAndSet(due, start + slot)) {
				return Math.max(0, start - now);
			}
		}
	}

}
