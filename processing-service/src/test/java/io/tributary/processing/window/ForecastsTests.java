package io.tributary.processing.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Alert;
import io.tributary.contract.Forecast;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.ForecastSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.event;
import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.views;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;

/** A pipeline's forecast as the window operator runs it: on the results, through a crash and a restore. */
class ForecastsTests {

	/** Count of key k's window i: a season of six windows (a minute of 10 s windows) on a slow rise. */
	private static final int[] SHAPE = { 3, 5, 9, 12, 7, 4 };

	private static int count(int i) {
		return SHAPE[i % SHAPE.length] + i / 12 + ((i * 7) % 3);
	}

	private static PipelineDefinition pipeline() {
		AlertRule unusual = new AlertRule("unusual", AlertRule.Kind.FORECAST, null, "n", 4, 5, 0.1,
				AlertRule.Direction.UP, AlertRule.Severity.WARNING, null, "t");
		return views()
			.withForecast(new ForecastSpec("n", ForecastSpec.Method.HOLT_WINTERS, Duration.ofMinutes(1), 3, 0.95,
					0.2, 0.02, 0.1, "t"))
			.withSelectAndAlerts(List.of(), List.of(unusual));
	}

	private static void window(PartitionProcessor processor, int i) {
		double start = i * 10;
		int n = (i == 50) ? 60 : count(i);
		for (int e = 0; e < n; e++) {
			processor.process(event("k", "k-" + i + "-" + e, t(start + 1 + e * 0.001), 1), w(start));
		}
	}

	@Test
	void resultsCarryTheKeysForecastAndARestoredPartitionForecastsAsIfItHadNotCrashed() {
		PipelineDefinition pipeline = pipeline();
		List<WindowResult> expected = new ArrayList<>();
		List<Alert> expectedAlerts = new ArrayList<>();
		PartitionProcessor straight = new PartitionProcessor(0, List.of(pipeline));
		for (int i = 0; i < 60; i++) {
			window(straight, i);
			if (i % 7 == 0) {
				Checkpoint c = straight.checkpoint();
				expected.addAll(c.outbox().results());
				expectedAlerts.addAll(c.outbox().alerts());
			}
		}
		Fixtures.advanceQuiet(straight, w(1000));
		Checkpoint last = straight.checkpoint();
		expected.addAll(last.outbox().results());
		expectedAlerts.addAll(last.outbox().alerts());

		Forecast early = expected.getFirst().forecast();
		assertThat(early).isNotNull();
		assertThat(early.points()).isEmpty();
		assertThat(early.learnedFrom()).isEqualTo(1);
		Forecast latest = expected.getLast().forecast();
		assertThat(latest.learnedFrom()).isEqualTo(60);
		assertThat(latest.points()).hasSize(3)
			.first()
			.satisfies((p) -> assertThat(p.windowStart()).isEqualTo(t(600)));
		assertThat(expectedAlerts).extracting(Alert::rule, Alert::kind)
			.first()
			.isEqualTo(org.assertj.core.groups.Tuple.tuple("unusual", Alert.Kind.forecast));
		assertThat(expectedAlerts.getFirst().windowEnd()).isEqualTo(t(510));

		// crash after the checkpoint at window 35; windows after it are replayed into the restored partition
		Fixtures.FakeRedis redis = new Fixtures.FakeRedis();
		List<WindowResult> seen = new ArrayList<>();
		List<Alert> seenAlerts = new ArrayList<>();
		PartitionProcessor first = new PartitionProcessor(0, List.of(pipeline));
		for (int i = 0; i <= 35; i++) {
			window(first, i);
			if (i % 7 == 0) {
				Checkpoint c = first.checkpoint();
				redis.apply(c);
				seen.addAll(c.outbox().results());
				seenAlerts.addAll(c.outbox().alerts());
			}
		}
		assertThat(redis.meta).containsKey("forecast|5|views|k");
		PartitionProcessor second = PartitionProcessor.restore(0, List.of(pipeline), redis.snapshot(), w(400));
		for (int i = 36; i < 60; i++) {
			window(second, i);
			if (i % 7 == 0) {
				Checkpoint c = second.checkpoint();
				seen.addAll(c.outbox().results());
				seenAlerts.addAll(c.outbox().alerts());
			}
		}
		Fixtures.advanceQuiet(second, w(1000));
		Checkpoint end = second.checkpoint();
		seen.addAll(end.outbox().results());
		seenAlerts.addAll(end.outbox().alerts());

		assertThat(seen).extracting(WindowResult::windowStart, WindowResult::forecast)
			.containsExactlyElementsOf(expected.stream().map((r) -> org.assertj.core.groups.Tuple.tuple(r.windowStart(),
					r.forecast())).toList());
		assertThat(seenAlerts).usingRecursiveFieldByFieldElementComparatorIgnoringFields("openedAt", "updatedAt",
				"resolvedAt").containsExactlyElementsOf(expectedAlerts);
	}

}
