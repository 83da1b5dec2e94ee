package io.tributary.processing.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.tributary.contract.KeyedEvent;

/**
 * How long accepted events wait before the window stage applies them: per partition, the
 * accept-to-apply delay of the oldest event of each applied delivery ({@code ingestTime} to the
 * apply; events without one are skipped), kept for about a {@linkplain #WINDOW second}. The
 * instance's accept lag is the largest of them: 0 once nothing applied in the last second waited,
 * and a partition without input contributes nothing. Ingestion refuses batches while it is too
 * long (see docs/operations.md, "Backpressure"); also the gauge {@code tributary.window.accept.lag}.
 */
final class AcceptLagTracker {

	/** How long an applied delivery's delay counts: between a half and a whole of it, in two halves. */
	static final Duration WINDOW = Duration.ofSeconds(1);

	private static final long HALF_MILLIS = WINDOW.toMillis() / 2;

	/** The wall clock's epoch millis (the clock {@code ingestTime} is compared with). */
	private final LongSupplier millis;

	private final Map<Integer, Halves> partitions = new ConcurrentHashMap<>();

	AcceptLagTracker(LongSupplier millis, MeterRegistry meters) {
		this.millis = millis;
		TimeGauge.builder("tributary.window.accept.lag", this, TimeUnit.MILLISECONDS, (t) -> t.lagMillis())
			.description("Longest an event applied by this instance's window stage in the last second had waited "
					+ "since ingestion accepted it (the oldest of each delivery)")
			.register(meters);
	}

	/** The window stage applied these events of the partition at {@code appliedAt} (partition locked). */
	void applied(int partition, List<KeyedEvent> events, Instant appliedAt) {
		long oldest = Long.MAX_VALUE;
		for (KeyedEvent event : events) {
			Instant ingestTime = event.ingestTime();
			if (ingestTime != null) {
				oldest = Math.min(oldest, ingestTime.toEpochMilli());
			}
		}
		if (oldest == Long.MAX_VALUE) {
			return;
		}
		// a clock behind ingestion's reads as no wait, not a negative one
		long delay = Math.max(0, appliedAt.toEpochMilli() - oldest);
		this.partitions.computeIfAbsent(partition, (p) -> new Halves()).record(delay, this.millis.getAsLong());
	}

	/** The largest delay of a delivery applied in about the last second, over all partitions; 0 when none. */
	long lagMillis() {
		long now = this.millis.getAsLong();
		long largest = 0;
		for (Halves halves : this.partitions.values()) {
			largest = Math.max(largest, halves.largestAt(now));
		}
		return largest;
	}

	/**
	 * A partition's largest delays in the current half-window and the one before it (by the clock's
	 * millis divided into halves), so a delay counts from half a window to a whole one.
	 */
	private static final class Halves {

		private long half = Long.MIN_VALUE;

		private long current;

		private long previous;

		synchronized void record(long delay, long nowMillis) {
			long now = Math.floorDiv(nowMillis, HALF_MILLIS);
			if (now != this.half) {
				this.previous = (now == this.half + 1) ? this.current : 0;
				this.current = 0;
				this.half = now;
			}
			this.current = Math.max(this.current, delay);
		}

		synchronized long largestAt(long nowMillis) {
			long now = Math.floorDiv(nowMillis, HALF_MILLIS);
			if (now == this.half) {
				return Math.max(this.current, this.previous);
			}
			return (now == this.half + 1) ? this.current : 0;
		}

	}

}
