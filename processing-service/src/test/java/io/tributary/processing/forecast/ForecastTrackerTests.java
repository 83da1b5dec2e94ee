package io.tributary.processing.forecast;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Forecast;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.ForecastSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pipeline's forecast state: what it answers, its checkpointed form and its retention. */
class ForecastTrackerTests {

	private static final long HOUR = 3_600_000L;

	private static PipelineDefinition pipeline(ForecastSpec.Method method, Duration season, Duration retention) {
		PipelineDefinition p = new PipelineDefinition("p|1", "s", null, List.of(), new Expression("k", "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofHours(1), null, null, Duration.ZERO),
				new WatermarkSpec(Duration.ofSeconds(2), Duration.ofSeconds(10)),
				List.of(new AggregateSpec("views", "count", null, List.of(), "t")), new EmitSpec(null, true), retention);
		return p.withForecast(new ForecastSpec("views", method, season, 6, 0.9, 0.2, 0.02, 0.1, "t"));
	}

	private static PipelineDefinition daily() {
		return pipeline(ForecastSpec.Method.HOLT_WINTERS, Duration.ofHours(24), Duration.ofDays(7));
	}

	private static void learn(ForecastTracker tracker, String key, SeasonalSeries series, double[] values, int from,
			int to) {
		for (int t = from; t < to; t++) {
			tracker.windowFired(key, t * HOUR, (t + 1) * HOUR, Map.of("views", values[t]));
		}
	}

	@Test
	void aKeysForecastHasNoPointsUntilWarmAndThenTheNextWindowsWithIntervals() {
		ForecastTracker tracker = new ForecastTracker(daily());
		SeasonalSeries series = new SeasonalSeries(100, 0.1, 20, 24, 2, 3);
		double[] values = series.observed(100);
		assertThat(tracker.forecast("k").learnedFrom()).isZero();
		learn(tracker, "k", series, values, 0, 57);
		Forecast early = tracker.forecast("k");
		assertThat(early.points()).isEmpty();
		assertThat(early.learnedFrom()).isEqualTo(57);
		assertThat(early.warmUp()).isEqualTo(58);
		learn(tracker, "k", series, values, 57, 100);
		Forecast forecast = tracker.forecast("k");
		assertThat(forecast.method()).isEqualTo("holt-winters");
		assertThat(forecast.confidence()).isEqualTo(0.9);
		assertThat(forecast.points()).hasSize(6);
		for (int h = 0; h < 6; h++) {
			Forecast.Point point = forecast.points().get(h);
			assertThat(point.windowStart().toEpochMilli()).isEqualTo((100 + h) * HOUR);
			assertThat(point.windowEnd().toEpochMilli()).isEqualTo((101 + h) * HOUR);
			assertThat(point.lower()).isLessThan(point.value());
			assertThat(point.upper() - point.value()).isCloseTo(point.value() - point.lower(),
					org.assertj.core.api.Assertions.within(1e-9));
			assertThat(point.value()).isCloseTo(series.truth(100 + h), org.assertj.core.api.Assertions.within(8.0));
		}
	}

	@Test
	void theCheckpointedStateRestoresToTheSameForecastsAndPredictions() {
		SeasonalSeries series = new SeasonalSeries(100, 0.1, 20, 24, 2, 4);
		double[] values = series.observed(200);
		ForecastTracker straight = new ForecastTracker(daily());
		ForecastTracker crashed = new ForecastTracker(daily());
		Map<String, String> meta = new HashMap<>();
		Set<String> deletes = new HashSet<>();
		// one key mid warm-up, one started
		learn(straight, "warming", series, values, 0, 30);
		learn(crashed, "warming", series, values, 0, 30);
		learn(straight, "a|b", series, values, 0, 120);
		learn(crashed, "a|b", series, values, 0, 120);
		crashed.checkpoint(meta, deletes);
		assertThat(meta).containsOnlyKeys("forecast|3|p|1|warming", "forecast|3|p|1|a|b");
		assertThat(ForecastTracker.pipelineOf("forecast|3|p|1|a|b")).isEqualTo("p|1");
		assertThat(ForecastTracker.pipelineOf("alert|3|p|1|x")).isNull();

		ForecastTracker restored = new ForecastTracker(daily());
		meta.forEach(restored::restore);
		for (String key : List.of("warming", "a|b")) {
			assertThat(restored.forecast(key)).isEqualTo(straight.forecast(key));
		}
		for (int t = 120; t < 200; t++) {
			Map<String, Object> metrics = Map.of("views", values[t]);
			assertThat(restored.windowFired("a|b", t * HOUR, (t + 1) * HOUR, metrics))
				.isEqualTo(straight.windowFired("a|b", t * HOUR, (t + 1) * HOUR, metrics));
			int w = t - 90;
			Map<String, Object> warming = Map.of("views", values[w]);
			restored.windowFired("warming", w * HOUR, (w + 1) * HOUR, warming);
			straight.windowFired("warming", w * HOUR, (w + 1) * HOUR, warming);
		}
		assertThat(restored.forecast("a|b")).isEqualTo(straight.forecast("a|b"));
		assertThat(restored.forecast("warming")).isEqualTo(straight.forecast("warming"));
	}

	@Test
	void aWindowFiredAgainIsNotLearnedTwice() {
		ForecastTracker tracker = new ForecastTracker(daily());
		tracker.windowFired("k", 0, HOUR, Map.of("views", 5));
		tracker.windowFired("k", 0, HOUR, Map.of("views", 500));
		tracker.windowFired("k", HOUR, 2 * HOUR, Map.of("other", 500));
		assertThat(tracker.forecast("k").learnedFrom()).isEqualTo(1);
	}

	@Test
	void aModelOfAnotherSeasonIsNotRestoredAndItsStoredStateGoes() {
		ForecastTracker old = new ForecastTracker(daily());
		old.windowFired("k", 0, HOUR, Map.of("views", 5));
		Map<String, String> meta = new HashMap<>();
		old.checkpoint(meta, new HashSet<>());

		ForecastTracker changed = new ForecastTracker(
				pipeline(ForecastSpec.Method.HOLT_WINTERS, Duration.ofHours(12), Duration.ofDays(7)));
		meta.forEach(changed::restore);
		assertThat(changed.size()).isZero();
		Map<String, String> upserts = new HashMap<>();
		Set<String> deletes = new HashSet<>();
		changed.checkpoint(upserts, deletes);
		assertThat(deletes).containsExactly("forecast|3|p|1|k");
		assertThat(upserts).isEmpty();
	}

	@Test
	void aKeyWithoutAWindowForTheRetentionIsForgottenAndDeleted() {
		ForecastTracker tracker = new ForecastTracker(
				pipeline(ForecastSpec.Method.HOLT_WINTERS, Duration.ofHours(24), Duration.ofHours(48)));
		tracker.windowFired("idle", 0, HOUR, Map.of("views", 5));
		tracker.windowFired("busy", 0, HOUR, Map.of("views", 5));
		tracker.checkpoint(new HashMap<>(), new HashSet<>());
		for (int t = 1; t < 60; t++) {
			tracker.windowFired("busy", t * HOUR, (t + 1) * HOUR, Map.of("views", 5));
			tracker.watermark((t + 1) * HOUR);
		}
		assertThat(tracker.forecast("idle").learnedFrom()).isZero();
		Set<String> deletes = new HashSet<>();
		tracker.checkpoint(new HashMap<>(), deletes);
		assertThat(deletes).containsExactly("forecast|3|p|1|idle");
		assertThat(tracker.size()).isEqualTo(1);
	}

}
