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
 * @param phases the load's phases, if it ran in phases (else none)
 * @param marks moments to mark, such as a kill and a restart
 */
record RunTimeline(List<Second> seconds, int loadSeconds, double warmupEndSeconds, List<Span> phases,
		List<Mark> marks) {

	/** One second: events accepted, and the latencies of the final results that arrived in it (n = 0: none). */
	record Second(int index, long accepted, Percentiles latency) {
	}

	/** A window's final result: when it arrived and how long after the window could have been final. */
	record Final(long arrivedAtMillis, long latencyMillis) {
	}

	/** A phase of the load in seconds since it started: its warm-up is {@code [start, measuredFrom)}. */
	record Span(String label, double startSeconds, double measuredFromSeconds, double endSeconds) {
	}

	/** A moment in seconds since the load started; its label is set before or after it. */
	record Mark(String label, double atSeconds, boolean labelBefore) {
	}

	RunTimeline {
		seconds = List.copyOf(seconds);
		phases = List.copyOf(phases);
		marks = List.copyOf(marks);
	}

	RunTimeline(List<Second> seconds, int loadSeconds, double warmupEndSeconds) {
		this(seconds, loadSeconds, warmupEndSeconds, List.of(), List.of());
	}

	/** This run with its phases and each kill's SIGKILL and ready moments. */
	RunTimeline withPhases(List<PhaseRunner.Phase> ran, long originMillis) {
		List<Span> spans = new ArrayList<>();
		List<Mark> moments = new ArrayList<>();
		for (PhaseRunner.Phase p : ran) {
			spans.add(new Span(p.label(), since(originMillis, p.startMillis()), since(originMillis, p.measuredFromMillis()),
					since(originMillis, p.measuredToMillis())));
			PhaseRunner.Kill kill = p.kill();
			if (kill != null) {
				moments.add(new Mark("kill -9", since(originMillis, kill.killedAtMillis()), true));
				moments.add(new Mark("ready", since(originMillis, kill.readyAtMillis()), false));
			}
		}
		return new RunTimeline(this.seconds, this.loadSeconds, this.warmupEndSeconds, spans, moments);
	}

	private static double since(long originMillis, long millis) {
		return (millis - originMillis) / 1000.0;
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
