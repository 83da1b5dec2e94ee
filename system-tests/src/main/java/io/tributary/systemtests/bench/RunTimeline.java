package io.tributary.systemtests.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The run second by second from the start of the load: events accepted in each second, and the
 * final-result latencies of the windows whose final result arrived in that second. Seconds are
 * plotted at their middle, {@code index + 0.5} s.
 *
 * @param seconds every second from the load's start to the last final result sampled
 * @param loadSeconds how many whole seconds the load ran until it was told to stop (later seconds have no rate)
 * @param warmupEndSeconds when the warm-up ended, in seconds since the load started
 */
record RunTimeline(List<Second> seconds, int loadSeconds, double warmupEndSeconds) {

	/** One second: events accepted, and the latencies of the final results that arrived in it (n = 0: none). */
	record Second(int index, long accepted, Percentiles latency) {
	}

	/** A window's final result: when it arrived and how long after the window could have been final. */
	record Final(long arrivedAtMillis, long latencyMillis) {
	}

	RunTimeline {
		seconds = List.copyOf(seconds);
	}

	static RunTimeline of(AcceptedPerSecond accepted, long warmupEndMillis, long loadStopMillis,
			Collection<Final> finals) {
		long origin = accepted.originMillis();
		int loadSeconds = (int) Math.max(0, (loadStopMillis - origin) / 1000);
		int length = loadSeconds;
		List<List<Long>> latencies = new ArrayList<>();
		for (Final f : finals) {
			long second = Math.floorDiv(f.arrivedAtMillis() - origin, 1000);
			if (second < 0) {
				continue;
			}
			while (latencies.size() <= second) {
				latencies.add(new ArrayList<>());
			}
			latencies.get((int) second).add(f.latencyMillis());
			length = Math.max(length, (int) second + 1);
		}
		List<Second> seconds = new ArrayList<>(length);
		for (int i = 0; i < length; i++) {
			List<Long> in = (i < latencies.size()) ? latencies.get(i) : List.of();
			seconds.add(new Second(i, accepted.in(i), Percentiles.of(in)));
		}
		return new RunTimeline(seconds, loadSeconds, (warmupEndMillis - origin) / 1000.0);
	}

}
