package io.tributary.systemtests.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * The phases in Markdown: a row per phase (target, accepted, refused, final-result latency of the
 * windows closeable in its measured interval), then a verdict line per target of issue 13 that a
 * phase measures: p99 at 50% and 80% of max, every window final within 2 s at any rate (not in the
 * recovery phase, whose outage is the point), and the recovery after kill -9.
 */
final class PhaseReport {

	/** At any rate ingestion accepts, no window's final result later than this. */
	static final long ANY_RATE_MAX_MILLIS = 2_000;

	private PhaseReport() {
	}

	/** The p99 target of a phase: 100 ms at 50% of max, 500 ms at 80%, none at other rates. */
	static OptionalLong p99TargetMillis(PhaseRate rate) {
		if (rate.kind() == PhaseRate.Kind.PERCENT && rate.value() == 50) {
			return OptionalLong.of(100);
		}
		if (rate.kind() == PhaseRate.Kind.PERCENT && rate.value() == 80) {
			return OptionalLong.of(500);
		}
		return OptionalLong.empty();
	}

	/** The final results a phase samples: windows closeable in its measured interval. */
	static Percentiles latency(PhaseRunner.Phase phase, FinalSamples finals) {
		return finals.latency(phase.measuredFromMillis(), phase.measuredToMillis());
	}

	/** The verdict lines of a phase (none for a phase with no target). */
	static List<String> verdicts(PhaseRunner.Phase phase, Percentiles latency) {
		List<String> lines = new ArrayList<>();
		String at = phase.label() + ((phase.targetEventsPerSecond() > 0)
				? " (" + Benchmark.fmt(phase.targetEventsPerSecond()) + " events/s)" : "");
		if (phase.kill() == null) {
			OptionalLong p99 = p99TargetMillis(phase.rate());
			if (p99.isPresent()) {
				lines.add("freshness at " + at + ": p99 " + measured(latency, latency.p99()) + ", target <= "
						+ p99.getAsLong() + " ms: " + metOrNot(latency, latency.p99() <= p99.getAsLong()));
			}
			lines.add("every window final within 2 s at " + at + ": max " + measured(latency, latency.max())
					+ ", target <= " + Benchmark.fmt(ANY_RATE_MAX_MILLIS) + " ms: "
					+ metOrNot(latency, latency.max() <= ANY_RATE_MAX_MILLIS));
		}
		return lines;
	}

	/** The recovery phase's kill and the final results of the windows closeable after it. */
	static RecoveryTime recovery(PhaseRunner.Phase phase, FinalSamples finals) {
		PhaseRunner.Kill kill = phase.kill();
		if (kill == null) {
			throw new IllegalArgumentException(phase.label() + " killed nothing");
		}
		return new RecoveryTime(kill.killedAtMillis(), kill.readyAtMillis(),
				finals.closeableIn(kill.killedAtMillis() + 1, phase.measuredToMillis()));
	}

	/** The recovery line: restart time, time until fresh under 100 ms (the target) and as before the kill. */
	static String describe(RecoveryTime recovery, PhaseRunner.Phase phase, FinalSamples finals) {
		OptionalLong fresh = recovery.freshAfterReadyMillis(RecoveryTime.FRESH_MILLIS);
		long measuredAfterReady = phase.measuredToMillis() - recovery.readyAtMillis();
		StringBuilder line = new StringBuilder("recovery after kill -9 of processing at ").append(phase.rate().label())
			.append(" (").append(Benchmark.fmt(phase.targetEventsPerSecond())).append(" events/s): restarted instance ready ")
			.append(seconds(recovery.readyAfterMillis())).append(" after the kill; freshness back under ")
			.append(RecoveryTime.FRESH_MILLIS).append(" ms ")
			.append(fresh.isPresent() ? seconds(fresh.getAsLong()) + " after ready ("
					+ seconds(recovery.freshAfterKillMillis(RecoveryTime.FRESH_MILLIS).orElseThrow()) + " after the kill)"
					: "not within the " + seconds(measuredAfterReady) + " measured after ready")
			.append(", target <= ").append(seconds(RecoveryTime.TARGET_MILLIS)).append(": ")
			.append(recovery.met() ? "met" : "NOT met");
		line.append("; worst final-result latency of windows closeable after the kill ")
			.append(Benchmark.fmt(recovery.worstLatencyMillis())).append(" ms (n=").append(recovery.samples().size())
			.append(')');
		Percentiles beforeKill = finals.latency(phase.measuredFromMillis(), recovery.killedAtMillis());
		if (beforeKill.count() > 0 && beforeKill.p99() > RecoveryTime.FRESH_MILLIS) {
			// steady latency varies from window to window: "as before" is within twice the p99 before the kill
			long asBefore = 2 * beforeKill.p99();
			OptionalLong usual = recovery.freshAfterReadyMillis(asBefore);
			line.append("; back within twice the pre-kill p99 (").append(Benchmark.fmt(asBefore)).append(" ms) ")
				.append(usual.isPresent() ? seconds(usual.getAsLong()) + " after ready" : "not in the phase");
		}
		PhaseRunner.Kill kill = phase.kill();
		if (kill != null && kill.cpuUntilReady() != null && kill.cpuAfterReady() != null) {
			// what the restart cost the machine: the resource the freshness after it waits for
			line.append("\n  - from the kill to ready: ").append(kill.cpuUntilReady().replace('\n', ' '))
				.append("\n  - in the ").append(seconds(RecoveryTime.TARGET_MILLIS)).append(" after ready: ")
				.append(kill.cpuAfterReady().replace('\n', ' '));
		}
		return line.toString();
	}

	/** The table and the verdict lines. */
	static String render(List<PhaseRunner.Phase> phases, FinalSamples finals) {
		return render(phases, finals, null);
	}

	/**
	 * The table and the verdict lines; with {@code dataWait} (a window's wait for the data that lets
	 * its watermark pass, or -1: {@link LoadDriver#dataWait}) two more columns: that wait, and each
	 * window's latency less it, what the platform took once the data was there.
	 */
	static String render(List<PhaseRunner.Phase> phases, FinalSamples finals,
			java.util.function.@Nullable ToLongFunction<FinalSamples.Sample> dataWait) {
		StringBuilder r = new StringBuilder();
		r.append("| phase | target events/s | accepted events/s (HTTP + AMQP) | refused / failed requests "
				+ "| final-result latency p50 / p95 / p99 / max (ms) | windows |");
		r.append((dataWait != null) ? " the data's wait p50 / p99 (ms) | latency less that wait p50 / p99 / max (ms) |\n" : "\n");
		r.append((dataWait != null) ? "|---|---|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|\n");
		List<String> verdicts = new ArrayList<>();
		for (PhaseRunner.Phase phase : phases) {
			Percentiles latency = latency(phase, finals);
			LoadDriver.Counters c = phase.measured();
			r.append("| ").append(phase.label()).append(" | ")
				.append((phase.targetEventsPerSecond() > 0) ? Benchmark.fmt(phase.targetEventsPerSecond()) : "unpaced")
				.append(" | ").append(Benchmark.fmt(phase.acceptedPerSecond())).append(" (")
				.append(Benchmark.fmt(c.httpEvents() / phase.seconds())).append(" + ")
				.append(Benchmark.fmt(c.amqpEvents() / phase.seconds())).append(") | ").append(c.rejected())
				.append(" / ").append(c.failed()).append(" | ")
				.append((latency.count() == 0) ? "no samples"
						: String.format(Locale.ROOT, "%,d / %,d / %,d / %,d", latency.p50(), latency.p95(), latency.p99(),
								latency.max()))
				.append(" | ").append(latency.count()).append(" |");
			if (dataWait != null) {
				List<Long> waits = new ArrayList<>();
				List<Long> less = new ArrayList<>();
				for (FinalSamples.Sample sample : finals.closeableIn(phase.measuredFromMillis(), phase.measuredToMillis())) {
					long wait = dataWait.applyAsLong(sample);
					if (wait >= 0) {
						waits.add(wait);
						less.add(sample.latencyMillis() - wait);
					}
				}
				Percentiles w = Percentiles.of(waits);
				Percentiles l = Percentiles.of(less);
				r.append(waits.isEmpty() ? " no samples | no samples |"
						: String.format(Locale.ROOT, " %,d / %,d | %,d / %,d / %,d |", w.p50(), w.p99(), l.p50(), l.p99(),
								l.max()));
			}
			r.append('\n');
			verdicts.addAll(verdicts(phase, latency));
			if (phase.kill() != null) {
				verdicts.add(describe(recovery(phase, finals), phase, finals));
			}
		}
		r.append('\n');
		for (String verdict : verdicts) {
			r.append("- ").append(verdict).append('\n');
		}
		return r.toString();
	}

	private static String measured(Percentiles latency, long millis) {
		return (latency.count() == 0) ? "not measured (no final results)" : Benchmark.fmt(millis) + " ms";
	}

	private static String metOrNot(Percentiles latency, boolean met) {
		return (latency.count() > 0 && met) ? "met" : "NOT met";
	}

	private static String seconds(long millis) {
		return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

}
