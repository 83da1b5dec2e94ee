package io.tributary.processing.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.tributary.contract.Alert;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checkpointed alert state across versions: the literals below were written by the tracker before
 * it was split into its parts (string severity, kind and resolution in the alert), for the windows
 * {@link #fiveWindows} feeds. The new code must read them and write the same.
 */
class AlertStateCompatibilityTests {

	/** 2026-03-01T10:00:00Z: the first window's start. */
	private static final long BASE = 1_772_359_200_000L;

	/** 2026-03-01T12:00:00Z: the wall clock of the first window. */
	private static final long NOW = 1_772_366_400_000L;

	private static final String HIGH_FIELD = "alert|5|views|4|high|k";

	private static final String HIGH_STATE = "{\"rule\":\"high\",\"key\":\"k\",\"last\":1772359250000,\"n\":0,"
			+ "\"mean\":0.0,\"var\":0.0,\"open\":{\"id\":\"high|k|1772359230000\",\"pipeline\":\"views\","
			+ "\"rule\":\"high\",\"key\":\"k\",\"status\":\"open\",\"severity\":\"critical\",\"kind\":\"threshold\","
			+ "\"condition\":\"hi > 100\",\"windowStart\":\"2026-03-01T10:00:30Z\","
			+ "\"windowEnd\":\"2026-03-01T10:00:50Z\",\"breaches\":2,\"metrics\":{\"n\":60,\"hi\":300.0},"
			+ "\"openedAt\":\"2026-03-01T12:00:03Z\",\"updatedAt\":\"2026-03-01T12:00:04Z\",\"revision\":2}}";

	private static final String SPIKE_FIELD = "alert|5|views|5|spike|k";

	private static final String SPIKE_STATE = "{\"rule\":\"spike\",\"key\":\"k\",\"last\":1772359250000,\"n\":5,"
			+ "\"mean\":11.8,\"var\":3.360000000000001,\"open\":{\"id\":\"spike|k|1772359240000\","
			+ "\"pipeline\":\"views\",\"rule\":\"spike\",\"key\":\"k\",\"status\":\"open\",\"severity\":\"warning\","
			+ "\"kind\":\"anomaly\",\"condition\":\"n more than 4 standard deviations above its recent average\","
			+ "\"windowStart\":\"2026-03-01T10:00:40Z\",\"windowEnd\":\"2026-03-01T10:00:50Z\",\"breaches\":1,"
			+ "\"metrics\":{\"n\":60,\"hi\":300.0},\"value\":60.0,\"expected\":11.0,\"deviation\":48.999999999999986,"
			+ "\"openedAt\":\"2026-03-01T12:00:04Z\",\"updatedAt\":\"2026-03-01T12:00:04Z\",\"revision\":1}}";

	private final List<Alert> alerts = new ArrayList<>();

	/** A threshold rule on hi and an anomaly rule on n (warm after 3 windows, resolving after 30 s). */
	private static PipelineDefinition pipeline() {
		List<AggregateSpec> aggregates = List.of(new AggregateSpec("n", "count", null, List.of(), "t"),
				new AggregateSpec("hi", "max", "v", List.of(), "t"));
		return new PipelineDefinition("views", "s", null, List.of(), new Expression("k", "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null, Duration.ofSeconds(5)),
				new WatermarkSpec(Duration.ofSeconds(2), Duration.ofSeconds(10)), aggregates, new EmitSpec(null, true),
				Duration.ofDays(7))
			.withSelectAndAlerts(List.of(),
					List.of(AlertRule.threshold("high", new Expression("hi > 100", "t"), AlertRule.Severity.CRITICAL),
							new AlertRule("spike", AlertRule.Kind.ANOMALY, null, "n", 4, 3, 0.1, AlertRule.Direction.UP,
									AlertRule.Severity.WARNING, Duration.ofSeconds(30), "t")));
	}

	private static Map<String, @Nullable Object> metrics(long n, double hi) {
		Map<String, @Nullable Object> metrics = new LinkedHashMap<>();
		metrics.put("n", n);
		metrics.put("hi", hi);
		return metrics;
	}

	/** Window {@code i} (10 s each from BASE) of key k, fired at NOW + i s. */
	private void window(AlertTracker tracker, int i, long n, double hi) {
		tracker.windowFired("k", BASE + i * 10_000L, BASE + (i + 1) * 10_000L, metrics(n, hi), NOW + i * 1000L,
				this.alerts::add);
	}

	/** The windows the old code wrote the literals after. */
	private void fiveWindows(AlertTracker tracker) {
		long[] n = { 10, 12, 10, 12, 60 };
		double[] hi = { 5, 150, 7, 200, 300 };
		for (int i = 0; i < n.length; i++) {
			window(tracker, i, n[i], hi[i]);
		}
	}

	private static AlertTracker restored() {
		AlertTracker tracker = new AlertTracker(pipeline(), 1);
		tracker.restore(HIGH_FIELD, HIGH_STATE);
		tracker.restore(SPIKE_FIELD, SPIKE_STATE);
		return tracker;
	}

	private static Instant at(String time) {
		return Instant.parse("2026-03-01T" + time + "Z");
	}

	/** The open alerts the literals hold, written out field by field. */
	private static Alert openHigh() {
		return new Alert("high|k|1772359230000", "views", "high", "k", Alert.Status.open, Alert.Severity.critical,
				Alert.Kind.threshold, "hi > 100", at("10:00:30"), at("10:00:50"), 2, metrics(60, 300.0), null, null,
				null, at("12:00:03"), at("12:00:04"), null, null, 2, 1);
	}

	private static Alert openSpike() {
		return new Alert("spike|k|1772359240000", "views", "spike", "k", Alert.Status.open, Alert.Severity.warning,
				Alert.Kind.anomaly, "n more than 4 standard deviations above its recent average", at("10:00:40"),
				at("10:00:50"), 1, metrics(60, 300.0), 60.0, 11.0, 48.999999999999986, at("12:00:04"), at("12:00:04"),
				null, null, 1, 1);
	}

	/** What the tracker writes since alerts name their pipeline version: the old state plus the version. */
	private static String withVersion(String state) {
		return state.replaceFirst("(\"revision\":\\d+)}}$", "$1,\"version\":1}}");
	}

	@Test
	void theNewCodeWritesTheStateTheOldCodeWroteAndTheAlertsVersion() {
		AlertTracker tracker = new AlertTracker(pipeline(), 1);
		fiveWindows(tracker);
		Map<String, String> meta = new TreeMap<>();
		Set<String> deletes = new TreeSet<>();
		tracker.checkpoint(meta, deletes);

		assertThat(meta).containsExactly(Map.entry(HIGH_FIELD, withVersion(HIGH_STATE)),
				Map.entry(SPIKE_FIELD, withVersion(SPIKE_STATE)));
		assertThat(withVersion(HIGH_STATE)).endsWith("\"revision\":2,\"version\":1}}");
		assertThat(deletes).isEmpty();
		assertThat(AlertTracker.pipelineOf(HIGH_FIELD)).isEqualTo("views");
	}

	@Test
	void stateTheOldCodeWroteRestoresWithItsOpenAlertsAndHistory() {
		AlertTracker tracker = restored();

		assertThat(tracker.openCount()).isEqualTo(2);
		assertThat(tracker.openAlerts()).containsOnly(Map.entry(openHigh().id(), openHigh()),
				Map.entry(openSpike().id(), openSpike()));

		// window 6: hi 5 no longer breaches; n 12 is 0.11 standard deviations from the mean 11.8
		window(tracker, 5, 12, 5);
		assertThat(this.alerts).containsExactly(openHigh().resolved(Alert.Resolution.recovered, at("12:00:05")),
				openSpike().resolved(Alert.Resolution.recovered, at("12:00:05")));
		assertThat(tracker.openCount()).isZero();

		Map<String, String> meta = new TreeMap<>();
		Set<String> deletes = new TreeSet<>();
		tracker.checkpoint(meta, deletes);
		assertThat(deletes).as("a threshold rule's resolved state was stored, so it is deleted")
			.containsExactly(HIGH_FIELD);
		assertThat(meta).containsOnlyKeys(SPIKE_FIELD);
		// the history went on from the restored one: weight 1/6 for the sixth value
		Map<String, Object> spike = WireFormat.mapper().readValue(meta.get(SPIKE_FIELD), new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
		});
		double mean = 11.8 + (12 - 11.8) / 6;
		double variance = (5.0 / 6) * (3.36 + (12 - 11.8) * (12 - 11.8) / 6);
		assertThat(spike.get("n")).isEqualTo(6L);
		assertThat((Double) spike.get("mean")).isCloseTo(mean, within(1e-9));
		assertThat((Double) spike.get("var")).isCloseTo(variance, within(1e-9));
		assertThat(spike).doesNotContainKey("open");
	}

	@Test
	void restoredOpenAlertsGoQuietAfterTheirOwnRulesResolveAfter() {
		AlertTracker tracker = restored();

		// 10 s (one window) after the last window: the threshold rule's alert goes quiet, not the anomaly's (30 s)
		tracker.watermark(BASE + 60_000, NOW + 9_000, this.alerts::add);
		assertThat(this.alerts).containsExactly(openHigh().resolved(Alert.Resolution.quiet, at("12:00:09")));
		tracker.watermark(BASE + 79_999, NOW + 10_000, this.alerts::add);
		assertThat(this.alerts).hasSize(1);
		tracker.watermark(BASE + 80_000, NOW + 11_000, this.alerts::add);
		assertThat(this.alerts).containsExactly(openHigh().resolved(Alert.Resolution.quiet, at("12:00:09")),
				openSpike().resolved(Alert.Resolution.quiet, at("12:00:11")));
	}

	@Test
	void everyRuleSeverityAndKindBecomeTheAlertsOfTheSameName() {
		for (AlertRule.Severity severity : AlertRule.Severity.values()) {
			RuleJudge judge = new RuleJudge(AlertRule.threshold("r", new Expression("n > 1", "t"), severity),
					List.of("n"), 1);
			assertThat(judge.severity.name()).isEqualTo(severity.text());
			assertThat(judge.kind.name()).isEqualTo(AlertRule.Kind.THRESHOLD.text());
		}
		RuleJudge anomaly = new RuleJudge(new AlertRule("r", AlertRule.Kind.ANOMALY, null, "n", 4, 3, 0.1,
				AlertRule.Direction.UP, AlertRule.Severity.INFO, null, "t"), List.of("n"), 1);
		assertThat(anomaly.kind.name()).isEqualTo(AlertRule.Kind.ANOMALY.text());
	}

}
