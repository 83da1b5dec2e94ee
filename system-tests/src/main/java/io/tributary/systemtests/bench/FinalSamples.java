package io.tributary.systemtests.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The load's windows that became final: when each could first have been final (its closeable time,
 * {@code windowStart + size + maxOutOfOrderness}) and when its first final result arrived. A phase
 * samples the windows whose closeable time falls in its measured interval.
 *
 * @param samples ordered by arrival
 */
record FinalSamples(List<Sample> samples) {

	/** One window's final result; latency is arrival minus closeable time. */
	record Sample(WindowId window, long closeableAtMillis, long arrivedAtMillis) {

		long latencyMillis() {
			return this.arrivedAtMillis - this.closeableAtMillis;
		}

	}

	FinalSamples {
		samples = samples.stream().sorted(Comparator.comparingLong(Sample::arrivedAtMillis)).toList();
	}

	/** The windows of the given keys (the load's campaigns, not the probe's) among the first finals. */
	static FinalSamples of(Map<WindowId, Long> firstFinal, Set<String> keys, Duration size, Duration maxOutOfOrderness) {
		List<Sample> samples = new ArrayList<>();
		long afterStart = size.toMillis() + maxOutOfOrderness.toMillis();
		firstFinal.forEach((window, arrivedAt) -> {
			if (keys.contains(window.key())) {
				samples.add(new Sample(window, window.windowStartMillis() + afterStart, arrivedAt));
			}
		});
		return new FinalSamples(samples);
	}

	/** The samples whose closeable time is in {@code [fromMillis, toMillis]}, by arrival. */
	List<Sample> closeableIn(long fromMillis, long toMillis) {
		return this.samples.stream()
			.filter((s) -> s.closeableAtMillis() >= fromMillis && s.closeableAtMillis() <= toMillis)
			.toList();
	}

	/** The latencies of the samples closeable in {@code [fromMillis, toMillis]}. */
	Percentiles latency(long fromMillis, long toMillis) {
		return Percentiles.of(closeableIn(fromMillis, toMillis).stream().map(Sample::latencyMillis).toList());
	}

	/**
	 * Every sample, one line each, by arrival: when its window could close, when its first final
	 * result arrived, its latency and the data's wait (a boundary's spread, which percentiles hide).
	 */
	String csv(ToLongFunction<Sample> dataWait) {
		StringBuilder csv = new StringBuilder("key,window_start,closeable_at_ms,first_final_at_ms,latency_ms,data_wait_ms\n");
		for (Sample sample : this.samples) {
			csv.append(sample.window().key()).append(',')
				.append(Instant.ofEpochMilli(sample.window().windowStartMillis())).append(',')
				.append(sample.closeableAtMillis()).append(',')
				.append(sample.arrivedAtMillis()).append(',')
				.append(sample.latencyMillis()).append(',')
				.append(dataWait.applyAsLong(sample)).append('\n');
		}
		return csv.toString();
	}

}
