package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.tributary.contract.Alert;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.SelectStep;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.event;
import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.views;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Select fields and alert rules as the window operator runs them: lifecycle, checkpoints, generated data. */
class AlertsTests {

	private final Fixtures.FakeRedis redis = new Fixtures.FakeRedis();

	private final List<Alert> alerts = new ArrayList<>();

	private final List<WindowResult> results = new ArrayList<>();

	private static PipelineDefinition withRules(AlertRule... rules) {
		return views().withSelectAndAlerts(
				List.of(new SelectStep("spread", new Expression("hi - lo", "t")),
						new SelectStep("busy", new Expression("n >= 3", "t"))),
				List.of(rules));
	}

	private static AlertRule threshold(String condition) {
		return AlertRule.threshold("high", new Expression(condition, "t"), AlertRule.Severity.CRITICAL);
	}

	private void checkpoint(PartitionProcessor processor) {
		Checkpoint checkpoint = processor.checkpoint();
		this.redis.apply(checkpoint);
		this.alerts.addAll(checkpoint.outbox().alerts());
		this.results.addAll(checkpoint.outbox().results());
	}

	/** {@code count} events of value {@code value} for key k in the 10 s window starting at {@code start}. */
	private static void window(PartitionProcessor processor, String key, double start, int count, long value) {
		for (int i = 0; i < count; i++) {
			processor.process(event(key, key + "-" + start + "-" + i, t(start + 1 + i * 0.001), value), w(start));
		}
	}

	@Test
	void selectFieldsAreComputedFromTheMetricsOfEachResult() {
		PartitionProcessor processor = new PartitionProcessor(0, List.of(withRules()));
		processor.process(event("k", "e1", t(1), 4), w(0));
		processor.process(event("k", "e2", t(2), 10), w(0));
		Fixtures.advanceQuiet(processor, w(60));
		checkpoint(processor);
		assertThat(this.results).singleElement().satisfies((r) -> {
			assertThat(r.metrics()).containsEntry("spread", 6.0).containsEntry("busy", false);
			assertThat(r.state()).doesNotContainKey("spread");
		});
	}

	@Test
	void aThresholdAlertOpensOnceStaysOpenWhileBreachedAndResolves() {
		PartitionProcessor processor = new PartitionProcessor(0, List.of(withRules(threshold("n >= 3 && spread > 0"))));
		window(processor, "k", 0, 1, 1);
		window(processor, "k", 10, 3, 1);
		processor.process(event("k", "x1", t(15), 5), w(10));
		window(processor, "k", 20, 4, 1);
		processor.process(event("k", "x2", t(25), 9), w(20));
		window(processor, "k", 30, 1, 1);
		window(processor, "k", 40, 1, 1);
		Fixtures.advanceQuiet(processor, w(100));
		checkpoint(processor);

		assertThat(this.alerts).extracting(Alert::status, Alert::revision, Alert::breaches, Alert::windowEnd)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Alert.Status.open, 1L, 1L, t(20)),
					org.assertj.core.groups.Tuple.tuple(Alert.Status.open, 2L, 2L, t(30)),
					org.assertj.core.groups.Tuple.tuple(Alert.Status.resolved, 3L, 2L, t(30)));
		Alert resolved = this.alerts.getLast();
		assertThat(resolved.id()).isEqualTo("high|k|" + t(10).toEpochMilli());
		assertThat(resolved.windowStart()).isEqualTo(t(10));
		assertThat(resolved.resolution()).isEqualTo(Alert.Resolution.recovered);
		assertThat(resolved.severity()).isEqualTo(Alert.Severity.critical);
		assertThat(resolved.condition()).isEqualTo("n >= 3 && spread > 0");
		assertThat(resolved.metrics()).containsEntry("n", 5L).containsEntry("spread", 8.0);
		assertThat(this.redis.meta).as("a resolved threshold keeps no state")
			.allSatisfy((field, value) -> assertThat(field).doesNotStartWith("alert|"));
	}

	@Test
	void anOpenAlertOfAKeyThatGoesQuietResolvesAfterOneWindowLength() {
		PartitionProcessor processor = new PartitionProcessor(0, List.of(withRules(threshold("n >= 2"))));
		window(processor, "quiet", 0, 2, 1);
		window(processor, "other", 10, 1, 1);
		window(processor, "other", 20, 1, 1);
		checkpoint(processor);
		assertThat(this.alerts).extracting(Alert::status).containsExactly(Alert.Status.open);
		// watermark 19 s: 10 s after the breaching window's end, no window of the key
		window(processor, "other", 30, 1, 1);
		checkpoint(processor);
		assertThat(this.alerts).extracting(Alert::status, Alert::resolution)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Alert.Status.open, null),
					org.assertj.core.groups.Tuple.tuple(Alert.Status.resolved, Alert.Resolution.quiet));
	}

	@Test
	void anOpenAlertAndTheAnomalyHistorySurviveARestore() {
		AlertRule anomaly = new AlertRule("spike", AlertRule.Kind.ANOMALY, null, "n", 4, 5, 0.1,
				AlertRule.Direction.UP, AlertRule.Severity.WARNING, null, "t");
		PipelineDefinition pipeline = withRules(threshold("n >= 10"), anomaly);
		int[] counts = { 3, 4, 3, 4, 3, 4, 3, 50, 60, 3, 4 };
		// uninterrupted
		PartitionProcessor straight = new PartitionProcessor(0, List.of(pipeline));
		for (int i = 0; i < counts.length; i++) {
			window(straight, "k", i * 10, counts[i], 1);
			if (i == 8) {
				straight.process(event("o", "o1", t(82.5), 1), w(82));
			}
		}
		Fixtures.advanceQuiet(straight, w(1000));
		checkpoint(straight);
		List<Alert> expected = List.copyOf(this.alerts);
		this.alerts.clear();

		// restored from a checkpoint while both alerts are open (after the window of 50 fired)
		Fixtures.FakeRedis restartRedis = new Fixtures.FakeRedis();
		PartitionProcessor first = new PartitionProcessor(0, List.of(pipeline));
		for (int i = 0; i <= 8; i++) {
			window(first, "k", i * 10, counts[i], 1);
		}
		// watermark 80.5 s: the window of 50 fires
		first.process(event("o", "o1", t(82.5), 1), w(82));
		Checkpoint before = first.checkpoint();
		restartRedis.apply(before);
		List<Alert> seen = new ArrayList<>(before.outbox().alerts());
		assertThat(seen).extracting(Alert::rule).containsExactly("high", "spike");
		PartitionProcessor second = PartitionProcessor.restore(0, List.of(pipeline), restartRedis.snapshot(), w(85));
		for (int i = 9; i < counts.length; i++) {
			window(second, "k", i * 10, counts[i], 1);
		}
		Fixtures.advanceQuiet(second, w(1000));
		seen.addAll(second.checkpoint().outbox().alerts());

		assertThat(seen).usingRecursiveFieldByFieldElementComparatorIgnoringFields("openedAt", "updatedAt",
				"resolvedAt").containsExactlyElementsOf(expected);
		assertThat(expected).extracting(Alert::rule, Alert::status)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("high", Alert.Status.open),
					org.assertj.core.groups.Tuple.tuple("spike", Alert.Status.open),
					org.assertj.core.groups.Tuple.tuple("high", Alert.Status.open),
					org.assertj.core.groups.Tuple.tuple("spike", Alert.Status.open),
					org.assertj.core.groups.Tuple.tuple("high", Alert.Status.resolved),
					org.assertj.core.groups.Tuple.tuple("spike", Alert.Status.resolved));
	}

	@Test
	void generatedTrafficAlertsOnEveryInjectedSurgeAndNowhereElse() {
		AlertRule anomaly = new AlertRule("surge", AlertRule.Kind.ANOMALY, null, "n", 4, 20, 0.1,
				AlertRule.Direction.BOTH, AlertRule.Severity.WARNING, null, "t");
		PartitionProcessor processor = new PartitionProcessor(0, List.of(withRules(anomaly)));
		Random random = new Random(42);
		List<String> keys = List.of("a", "b", "c");
		int windows = 150;
		Map<String, Set<Integer>> injected = Map.of("a", new TreeSet<>(List.of(40, 90)), "b",
				new TreeSet<>(List.of(60, 61, 130)), "c", new TreeSet<>());
		for (int i = 0; i < windows; i++) {
			for (String key : keys) {
				int count = (int) Math.round(100 + 5 * random.nextGaussian());
				if (injected.get(key).contains(i)) {
					count = (i % 2 == 0) ? 200 : 20;
				}
				window(processor, key, i * 10, count, 1);
			}
			if (i % 10 == 0) {
				checkpoint(processor);
			}
		}
		Fixtures.advanceQuiet(processor, w(windows * 10 + 100));
		checkpoint(processor);

		// every breaching window: the window an alert opened on, and the windows open ones took later
		Map<String, Set<Long>> breached = Map.of("a", new TreeSet<>(), "b", new TreeSet<>(), "c", new TreeSet<>());
		for (Alert alert : this.alerts) {
			if (alert.isOpen()) {
				breached.get(alert.key()).add(alert.windowEnd().toEpochMilli() - 10_000);
			}
		}
		for (String key : keys) {
			Set<Long> expectedStarts = new TreeSet<>();
			injected.get(key).forEach((i) -> expectedStarts.add(t(i * 10).toEpochMilli()));
			assertThat(breached.get(key)).as("windows of key %s that breached", key).isEqualTo(expectedStarts);
		}
		assertThat(this.alerts.stream().filter((a) -> !a.isOpen()).count()).as("all resolved again")
			.isEqualTo(this.alerts.stream().map(Alert::id).distinct().count());
	}

	/**
	 * Generated traffic of keys a and b for 60 windows and q for 25, whose last window breaches, then
	 * three calm windows of a and b. The expected alerts come from the window counts alone: each run
	 * of breaching windows of a key is one alert (id from the run's first window, one revision per
	 * breaching window), resolved as recovered by the next window of the key, or as quiet when the key
	 * has no more windows.
	 */
	@Test
	void generatedWindowsRaiseExactlyTheAlertsTheirCountsCallFor() {
		int threshold = 9;
		PartitionProcessor processor = new PartitionProcessor(0, List.of(withRules(threshold("n >= " + threshold))));
		Random random = new Random(20261202);
		Map<String, List<Integer>> counts = new TreeMap<>();
		counts.put("a", new ArrayList<>());
		counts.put("b", new ArrayList<>());
		counts.put("q", new ArrayList<>());
		for (int i = 0; i < 63; i++) {
			for (Map.Entry<String, List<Integer>> key : counts.entrySet()) {
				int count;
				if (key.getKey().equals("q")) {
					if (i >= 25) {
						continue;
					}
					count = (i == 24) ? threshold + 2 : 1 + random.nextInt(12);
				}
				else {
					count = (i >= 60) ? 1 : 1 + random.nextInt(12);
				}
				key.getValue().add(count);
				window(processor, key.getKey(), i * 10, count, 1);
			}
			if (i % 10 == 0) {
				checkpoint(processor);
			}
		}
		Fixtures.advanceQuiet(processor, w(63 * 10 + 100));
		checkpoint(processor);

		// the reference, per alert id: its revisions as (status, revision, breaches, window start, window end,
		// resolution, n of the latest breaching window)
		Map<String, List<org.assertj.core.groups.Tuple>> expected = new TreeMap<>();
		counts.forEach((key, windows) -> {
			int first = -1;
			for (int i = 0; i <= windows.size(); i++) {
				boolean breach = i < windows.size() && windows.get(i) >= threshold;
				if (breach) {
					if (first < 0) {
						first = i;
					}
					expected.computeIfAbsent("high|" + key + "|" + t(first * 10).toEpochMilli(), (id) -> new ArrayList<>())
						.add(org.assertj.core.groups.Tuple.tuple(Alert.Status.open, (long) (i - first + 1),
								(long) (i - first + 1), t(first * 10), t(i * 10 + 10), null, (long) windows.get(i)));
				}
				else if (first >= 0) {
					String id = "high|" + key + "|" + t(first * 10).toEpochMilli();
					long breaches = i - first;
					expected.get(id)
						.add(org.assertj.core.groups.Tuple.tuple(Alert.Status.resolved, breaches + 1, breaches,
								t(first * 10), t(i * 10), (i < windows.size()) ? Alert.Resolution.recovered
										: Alert.Resolution.quiet,
								(long) windows.get(i - 1)));
					first = -1;
				}
			}
		});
		Map<String, List<org.assertj.core.groups.Tuple>> raised = new TreeMap<>();
		for (Alert alert : this.alerts) {
			raised.computeIfAbsent(alert.id(), (id) -> new ArrayList<>())
				.add(org.assertj.core.groups.Tuple.tuple(alert.status(), alert.revision(), alert.breaches(),
						alert.windowStart(), alert.windowEnd(), alert.resolution(), alert.metrics().get("n")));
		}
		assertThat(expected).as("the reference has alerts of every kind to compare")
			.hasSizeGreaterThan(10)
			.containsKey("high|q|" + t(240).toEpochMilli());
		assertThat(raised).isEqualTo(expected);
	}

	@Test
	void theFirstJudgementOfAKeyIsNotBeforeItsWarmUp() {
		AlertRule anomaly = new AlertRule("early", AlertRule.Kind.ANOMALY, null, "n", 2, 3, 0.5,
				AlertRule.Direction.BOTH, AlertRule.Severity.INFO, Duration.ofMinutes(5), "t");
		PartitionProcessor processor = new PartitionProcessor(0, List.of(withRules(anomaly)));
		int[] counts = { 1, 50, 1 };
		for (int i = 0; i < counts.length; i++) {
			window(processor, "k", i * 10, counts[i], 1);
		}
		Fixtures.advanceQuiet(processor, w(1000));
		checkpoint(processor);
		assertThat(this.alerts).isEmpty();

		// the fourth window is the first judged: against the history of 1, 50, 1 (weights 1, 1/2, 1/2:
		// mean 13.25, variance 450.1875), 100 is 4.09 standard deviations above, beyond 2
		PartitionProcessor judged = new PartitionProcessor(0, List.of(withRules(anomaly)));
		int[] more = { 1, 50, 1, 100 };
		for (int i = 0; i < more.length; i++) {
			window(judged, "k", i * 10, more[i], 1);
		}
		Fixtures.advanceQuiet(judged, w(1000));
		checkpoint(judged);
		// the idle partition's watermark then passes the 5 minute resolve-after
		assertThat(this.alerts).extracting(Alert::status, Alert::resolution)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Alert.Status.open, null),
					org.assertj.core.groups.Tuple.tuple(Alert.Status.resolved, Alert.Resolution.quiet));
		assertThat(this.alerts).first().satisfies((alert) -> {
			assertThat(alert.id()).isEqualTo("early|k|" + t(30).toEpochMilli());
			assertThat(alert.windowStart()).isEqualTo(Instant.parse("2026-03-01T10:00:30Z"));
			assertThat(alert.windowEnd()).isEqualTo(Instant.parse("2026-03-01T10:00:40Z"));
			assertThat(alert.value()).isEqualTo(100.0);
			assertThat(alert.expected()).isEqualTo(13.25);
			assertThat(alert.deviation()).isCloseTo(86.75 / Math.sqrt(450.1875), within(1e-9));
		});
	}

}
