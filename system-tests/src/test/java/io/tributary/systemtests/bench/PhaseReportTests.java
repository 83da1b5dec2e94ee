package io.tributary.systemtests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which windows a phase samples, its verdicts, and its row, against hand-computed values. */
class PhaseReportTests {

	private static final Duration SIZE = Duration.ofSeconds(10);

	private static final Duration OOO = Duration.ofSeconds(2);

	// 30 s measured: 600,000 HTTP and 150,000 AMQP events, 25,000 events/s of which 20% AMQP
	private static final LoadDriver.Counters COUNTERS = new LoadDriver.Counters(600_000, 1_200, 150_000, 300, 2, 1);

	private static PhaseRunner.Phase phase(PhaseRate rate, double target, long from, long to) {
		return new PhaseRunner.Phase(rate, target, from - 10_000, from, to, COUNTERS, null);
	}

	/** A window of campaign {@code key} closeable at {@code closeable} (its start is 12 s earlier), final after {@code latency}. */
	private static void window(Map<WindowId, Long> finals, String key, long closeable, long latency) {
		finals.put(new WindowId(key, closeable - 12_000), closeable + latency);
	}

	@Test
	void aPhaseSamplesTheWindowsCloseableInItsMeasuredIntervalEndsIncluded() {
		Map<WindowId, Long> finals = new LinkedHashMap<>();
		window(finals, "c1", 100_000, 10);
		window(finals, "c2", 130_000, 30);
		window(finals, "c1", 110_000, 20);
		window(finals, "c1", 99_999, 5_000);
		window(finals, "c1", 130_001, 6_000);
		window(finals, "probe", 110_000, 7_000);

		FinalSamples samples = FinalSamples.of(finals, Set.of("c1", "c2"), SIZE, OOO);
		Percentiles latency = PhaseReport.latency(phase(PhaseRate.percent(50), 12_500, 100_000, 130_000), samples);

		assertThat(latency).isEqualTo(new Percentiles(3, 20, 30, 30, 30));
		assertThat(samples.samples()).extracting(FinalSamples.Sample::arrivedAtMillis)
			.isSorted()
			.hasSize(5);
	}

	@Test
	void theSamplesCsvHasALinePerWindowByArrival() {
		Map<WindowId, Long> finals = new LinkedHashMap<>();
		window(finals, "c2", 130_000, 30);
		window(finals, "c1", 100_000, 10);

		String csv = FinalSamples.of(finals, Set.of("c1", "c2"), SIZE, OOO).csv((sample) -> sample.window().key().equals("c1") ? 4 : -1);

		assertThat(csv).isEqualTo("""
				key,window_start,closeable_at_ms,first_final_at_ms,latency_ms,data_wait_ms
				c1,1970-01-01T00:01:28Z,100000,100010,10,4
				c2,1970-01-01T00:01:58Z,130000,130030,30,-1
				""");
	}

	@Test
	void theP99TargetsAre100MillisecondsAtHalfOfMaxAnd500At80Percent() {
		assertThat(PhaseReport.p99TargetMillis(PhaseRate.percent(50))).hasValue(100);
		assertThat(PhaseReport.p99TargetMillis(PhaseRate.percent(80))).hasValue(500);
		assertThat(PhaseReport.p99TargetMillis(PhaseRate.percent(60))).isEmpty();
		assertThat(PhaseReport.p99TargetMillis(PhaseRate.MAX)).isEmpty();
		assertThat(PhaseReport.p99TargetMillis(new PhaseRate(PhaseRate.Kind.ABSOLUTE, 50))).isEmpty();
	}

	@Test
	void aP99AtTheTargetIsMetAndOneMillisecondOverIsNot() {
		PhaseRunner.Phase half = phase(PhaseRate.percent(50), 12_500, 100_000, 130_000);
		Map<WindowId, Long> finals = new LinkedHashMap<>();
		for (int i = 1; i <= 10; i++) {
			window(finals, "c" + i, 100_000 + i, 10L * i);
		}
		// ten samples: nearest-rank p99 is the largest, 100 ms
		Percentiles atTarget = PhaseReport.latency(half, FinalSamples.of(finals, Set.of("c1", "c2", "c3", "c4", "c5",
				"c6", "c7", "c8", "c9", "c10", "c11"), SIZE, OOO));
		window(finals, "c11", 100_011, 101);
		Percentiles over = PhaseReport.latency(half, FinalSamples.of(finals, Set.of("c1", "c2", "c3", "c4", "c5", "c6",
				"c7", "c8", "c9", "c10", "c11"), SIZE, OOO));

		assertThat(PhaseReport.verdicts(half, atTarget)).containsExactly(
				"freshness at 50% (12,500 events/s): p99 100 ms, target <= 100 ms: met",
				"every window final within 2 s at 50% (12,500 events/s): max 100 ms, target <= 2,000 ms: met");
		assertThat(PhaseReport.verdicts(half, over)).first()
			.isEqualTo("freshness at 50% (12,500 events/s): p99 101 ms, target <= 100 ms: NOT met");
	}

	@Test
	void eightyPercentHasTheLooserTargetMaxOnlyTheTwoSecondOneAndNoSamplesMeetsNothing() {
		Percentiles p = new Percentiles(200, 120, 400, 500, 2_001);

		assertThat(PhaseReport.verdicts(phase(PhaseRate.percent(80), 20_000, 0, 30_000), p)).containsExactly(
				"freshness at 80% (20,000 events/s): p99 500 ms, target <= 500 ms: met",
				"every window final within 2 s at 80% (20,000 events/s): max 2,001 ms, target <= 2,000 ms: NOT met");
		assertThat(PhaseReport.verdicts(phase(PhaseRate.MAX, 0, 0, 30_000), p))
			.containsExactly("every window final within 2 s at max: max 2,001 ms, target <= 2,000 ms: NOT met");
		assertThat(PhaseReport.verdicts(phase(PhaseRate.percent(50), 12_500, 0, 30_000), Percentiles.of(List.of())))
			.first()
			.isEqualTo("freshness at 50% (12,500 events/s): p99 not measured (no final results), target <= 100 ms: "
					+ "NOT met");
	}

	@Test
	void aPhaseRowHasItsTargetAcceptedRateSplitRefusalsAndLatency() {
		Map<WindowId, Long> finals = new LinkedHashMap<>();
		List<String> keys = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			window(finals, "c" + i, 100_000 + i, 10L * i);
			keys.add("c" + i);
		}
		PhaseRunner.Phase max = phase(PhaseRate.MAX, 0, 60_000, 90_000);
		PhaseRunner.Phase half = phase(PhaseRate.percent(50), 12_500, 100_000, 130_000);

		String table = PhaseReport.render(List.of(max, half), FinalSamples.of(finals, Set.copyOf(keys), SIZE, OOO));

		assertThat(max.acceptedPerSecond()).isEqualTo(25_000.0);
		assertThat(max.amqpFraction()).isEqualTo(0.2);
		assertThat(table).contains("| max | unpaced | 25,000 (20,000 + 5,000) | 2 / 1 | no samples | 0 |\n")
			.contains("| 50% | 12,500 | 25,000 (20,000 + 5,000) | 2 / 1 | 50 / 100 / 100 / 100 | 10 |\n")
			.contains("- freshness at 50% (12,500 events/s): p99 100 ms, target <= 100 ms: met\n")
			.contains("- every window final within 2 s at max: max not measured (no final results), target <= 2,000 ms: "
					+ "NOT met\n");
	}

	@Test
	void theLoadsBatchingWaitAndTheLatencyLessIt() {
		Map<WindowId, Long> finals = new LinkedHashMap<>();
		List<String> keys = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			window(finals, "c" + i, 100_000 + i, 10L * i);
			keys.add("c" + i);
		}
		PhaseRunner.Phase half = phase(PhaseRate.percent(50), 12_500, 100_000, 130_000);

		// latencies 10..100 ms; the load generated the closing batch 5 ms after each closeable time
		String table = PhaseReport.render(List.of(half), FinalSamples.of(finals, Set.copyOf(keys), SIZE, OOO),
				(closeableAt) -> 5);

		assertThat(table).contains("| 50% | 12,500 | 25,000 (20,000 + 5,000) | 2 / 1 | 50 / 100 / 100 / 100 | 10 | "
				+ "5 / 5 | 45 / 95 / 95 |\n");
	}

}
