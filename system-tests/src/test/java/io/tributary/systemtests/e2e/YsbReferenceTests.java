package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Counts;
import io.tributary.contract.WindowResult;
import io.tributary.systemtests.e2e.YsbReference.Expected;
import io.tributary.systemtests.e2e.YsbReference.WindowKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The reference and the comparison on data small enough to work out by hand. */
class YsbReferenceTests {

	private static final long T0 = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();

	private static final Map<String, String> AGGREGATES = YsbAggregates.ALL;

	private final YsbReference reference = new YsbReference(Map.of("ad1", "c1", "ad2", "c1", "ad3", "c2"),
			Duration.ofSeconds(10), AGGREGATES);

	@Test
	void countsDistinctViewsPerCampaignAndWindowWithTheirLatencyAggregates() {
		List<Map<String, Object>> sent = List.of(
				event("e1", "ad1", "view", T0, 100),
				event("e2", "ad2", "view", Instant.ofEpochMilli(T0 + 9_999).toString(), 300),
				event("e3", "ad1", "view", T0 + 10_000, 50),
				event("e4", "ad3", "view", T0 + 1, 7),
				event("e5", "ad1", "click", T0 + 2, 1000),
				event("e6", "ad-unknown", "view", T0 + 3, 1000),
				event("e1", "ad1", "view", T0, 100),
				event("e2", "ad2", "view", Instant.ofEpochMilli(T0 + 9_999).toString(), 300),
				event("e1", "ad1", "view", T0, 100),
				event("e5", "ad1", "click", T0 + 2, 1000));
		List<Map<String, Object>> late = List.of(event("l1", "ad2", "view", T0 + 5, 1),
				event("l1", "ad2", "view", T0 + 5, 1), event("l2", "ad1", "view", T0 + 6, 1),
				event("l3", "ad1", "click", T0 + 7, 1));

		Map<WindowKey, Expected> expected = this.reference.compute(sent, late);

		assertThat(expected).containsOnlyKeys(new WindowKey("c1", T0), new WindowKey("c1", T0 + 10_000),
				new WindowKey("c2", T0));
		assertThat(expected.get(new WindowKey("c1", T0))).isEqualTo(new Expected(metrics(2, 400, 100, 300, 200, Math.sqrt(20_000)), 2, 2, 3));
		assertThat(expected.get(new WindowKey("c1", T0 + 10_000)))
			.isEqualTo(new Expected(metrics(1, 50, 50, 50, 50, null), 1, 0, 0));
		assertThat(expected.get(new WindowKey("c2", T0))).isEqualTo(new Expected(metrics(1, 7, 7, 7, 7, null), 1, 0, 0));
	}

	@Test
	void refusesLateEventsWhoseOutcomeTheSpecLeavesOpen() {
		List<Map<String, Object>> sent = List.<Map<String, Object>>of(event("e1", "ad1", "view", T0, 1));

		assertThatIllegalArgumentException().isThrownBy(
				() -> this.reference.compute(sent, List.of(event("l1", "ad3", "view", T0, 1))));
		assertThatIllegalArgumentException().isThrownBy(
				() -> this.reference.compute(sent, List.of(event("e1", "ad1", "view", T0, 1))));
	}

	@Test
	void comparisonFindsEveryKindOfDifference() {
		Map<WindowKey, Expected> expected = Map.of(
				new WindowKey("c1", T0), new Expected(metrics(2, 400, 100, 300, 200, Math.sqrt(20_000)), 2, 1, 3),
				new WindowKey("c2", T0), new Expected(metrics(1, 7, 7, 7, 7, null), 1, 0, 0));
		Instant start = Instant.ofEpochMilli(T0);
		Instant end = start.plusSeconds(10);
		WindowResult exact = new WindowResult("p", "c1", start, end, true, 3, metricsAsServed(2, 400, 100.0, 300.0, 200.0, Math.sqrt(20_000)),
				new Counts(2, 1, 3));
		WindowResult wrong = new WindowResult("p", "c2", start, end, false, 1, metricsAsServed(1, 8, 7.0, 7.0, 7.0, null),
				new Counts(1, 0, 1));
		WindowResult extra = new WindowResult("p", "c3", start, end, true, 1, metricsAsServed(1, 1, 1.0, 1.0, 1.0, null),
				new Counts(1, 0, 0));

		assertThat(ResultComparison.differences(expected, List.of(exact), Duration.ofSeconds(10)))
			.containsExactly("c2@2025-03-01T12:00:00Z: missing (expected " + expected.get(new WindowKey("c2", T0)) + ")");
		assertThat(ResultComparison.differences(expected, List.of(exact, wrong, extra), Duration.ofSeconds(10)))
			.hasSize(2)
			.anySatisfy((d) -> assertThat(d).startsWith("c2@").contains("not final", "counts.duplicates 1 instead of 0",
					"metrics.total_latency 8 instead of 7.0"))
			.anySatisfy((d) -> assertThat(d).startsWith("c3@").contains("not expected"));
	}

	@Test
	void numbersCompareByValueWhateverTheirJsonType() {
		assertThat(ResultComparison.sameNumber(400.0, 400)).isTrue();
		assertThat(ResultComparison.sameNumber(400.0, 400L)).isTrue();
		assertThat(ResultComparison.sameNumber(1.0 / 3, 0.3333333333333333)).isTrue();
		assertThat(ResultComparison.sameNumber(1.0 / 3, 0.3334)).isFalse();
		assertThat(ResultComparison.sameNumber(null, null)).isTrue();
		assertThat(ResultComparison.sameNumber(1.0, null)).isFalse();
		assertThat(ResultComparison.sameNumber(1.0, "1")).isFalse();
	}

	private static Map<String, @Nullable Double> metrics(double views, double sum, double min, double max, double avg,
			@Nullable Double sd) {
		return byMetric(views, sum, min, max, avg, sd);
	}

	private static Map<String, @Nullable Object> metricsAsServed(long views, long sum, double min, double max, double avg,
			@Nullable Double sd) {
		return byMetric(views, sum, min, max, avg, sd);
	}

	/** The values named by the pipeline's metrics, in their declaration order (views, total_latency, ...). */
	@SafeVarargs
	private static <V> Map<String, @Nullable V> byMetric(@Nullable V... values) {
		assertThat(values).hasSameSizeAs(AGGREGATES.keySet());
		Map<String, @Nullable V> m = new LinkedHashMap<>();
		Iterator<String> names = AGGREGATES.keySet().iterator();
		for (V value : values) {
			m.put(names.next(), value);
		}
		return m;
	}

	private static Map<String, Object> event(String id, String ad, String type, Object time, int latency) {
		Map<String, Object> e = new LinkedHashMap<>();
		e.put("event_id", id);
		e.put("ad_id", ad);
		e.put("event_type", type);
		e.put("event_time", time);
		e.put("latency_ms", latency);
		return e;
	}

}
