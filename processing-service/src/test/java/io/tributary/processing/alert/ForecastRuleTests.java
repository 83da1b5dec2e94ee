package io.tributary.processing.alert;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.contract.Alert;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.ForecastSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.forecast.ForecastTracker;
import io.tributary.processing.forecast.Prediction;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast rule against the EWMA anomaly rule on a generated seasonal series with a trend, noise
 * and injected anomalies whose windows the test knows: recall and false-alarm rate of each, printed.
 */
class ForecastRuleTests {

	private static final Logger log = LoggerFactory.getLogger(ForecastRuleTests.class);

	private static final long HOUR = 3_600_000L;

	private static final int SEASON = 24;

	private static final int WINDOWS = SEASON * 40;

	/** Windows before judging starts counts: both rules are warm (the forecast after two seasons and 20 errors). */
	private static final int JUDGED_FROM = SEASON * 4;

	private record Score(int detected, int anomalies, int falseAlarms, int normal) {

		double recall() {
			return this.detected / (double) this.anomalies;
		}

		double falseAlarmRate() {
			return this.falseAlarms / (double) this.normal;
		}

	}

	/**
	 * Hourly traffic: a level with a trend, a gentle daily wave and a sharp evening peak (150 above the
	 * rest, about three hours wide), as daily traffic looks.
	 */
	private static double truth(int t) {
		int hour = t % SEASON;
		double phase = 2 * Math.PI * hour / SEASON;
		return 300 + 0.3 * t + 20 * Math.sin(phase) + 150 * Math.exp(-(hour - 18) * (hour - 18) / 2.0);
	}

	@Test
	void theForecastRuleCatchesAtLeastAsManyAnomaliesWithFewerFalseAlarmsThanEwmaOnSeasonalData() {
		Random random = new Random(2026);
		Set<Integer> anomalies = new TreeSet<>();
		for (int t = JUDGED_FROM + 5; t < WINDOWS; t += 20 + random.nextInt(15)) {
			anomalies.add(t);
		}
		double[] values = new double[WINDOWS];
		for (int t = 0; t < WINDOWS; t++) {
			values[t] = truth(t) + 4 * random.nextGaussian();
			if (anomalies.contains(t)) {
				// a surge or a drop of 40 to 80: large against the noise, small against the daily peak of 150
				values[t] += (random.nextBoolean() ? 1 : -1) * (40 + 40 * random.nextDouble());
			}
		}
		int normal = WINDOWS - JUDGED_FROM - anomalies.size();
		log.info(String.format("hourly series with trend and a daily peak of 150, noise sd 4, %d anomalies of 40 to 80 in %d judged"
				+ " windows:", anomalies.size(), WINDOWS - JUDGED_FROM));
		int ewmaFalseAlarms = 0;
		int forecastFalseAlarms = 0;
		for (double sensitivity : new double[] { 3, 4 }) {
			Score ewma = score(AlertRule.Kind.ANOMALY, sensitivity, values, anomalies, normal);
			Score forecast = score(AlertRule.Kind.FORECAST, sensitivity, values, anomalies, normal);
			log.info(String.format("  sensitivity %.0f: EWMA rule recall %.2f, false alarms %.4f (%d); forecast rule recall"
					+ " %.2f, false alarms %.4f (%d)", sensitivity, ewma.recall(), ewma.falseAlarmRate(),
					ewma.falseAlarms(), forecast.recall(), forecast.falseAlarmRate(), forecast.falseAlarms()));
			assertThat(forecast.recall()).as("recall at sensitivity %s", sensitivity)
				.isGreaterThanOrEqualTo(ewma.recall())
				.isGreaterThanOrEqualTo(0.9);
			assertThat(forecast.falseAlarms()).as("false alarms at sensitivity %s", sensitivity)
				.isLessThan(ewma.falseAlarms());
			ewmaFalseAlarms += ewma.falseAlarms();
			forecastFalseAlarms += forecast.falseAlarms();
		}
		assertThat(forecastFalseAlarms).isLessThan(ewmaFalseAlarms);
	}

	/** The rule of {@code kind} at {@code sensitivity} (other settings default) over the series. */
	private static Score score(AlertRule.Kind kind, double sensitivity, double[] values, Set<Integer> anomalies,
			int normal) {
		AlertRule rule = new AlertRule(kind.text(), kind, null, "views", sensitivity, AlertRule.DEFAULT_WARM_UP,
				AlertRule.DEFAULT_SMOOTHING, AlertRule.Direction.BOTH, AlertRule.Severity.WARNING, null, "t");
		RuleJudge judge = new RuleJudge(rule, List.of("views"), HOUR);
		AnomalyDetector history = new AnomalyDetector();
		ForecastTracker model = new ForecastTracker(pipeline());
		int detected = 0;
		int falseAlarms = 0;
		for (int t = 0; t < values.length; t++) {
			boolean breach;
			if (kind == AlertRule.Kind.ANOMALY) {
				breach = judge.anomaly(values[t], history).breach();
			}
			else {
				Prediction prediction = model.windowFired("k", t * HOUR, (t + 1) * HOUR, Map.of("views", values[t]));
				breach = prediction != null && judge.forecast(values[t], prediction).breach();
			}
			if (t >= JUDGED_FROM && breach) {
				if (anomalies.contains(t)) {
					detected++;
				}
				else {
					falseAlarms++;
				}
			}
		}
		return new Score(detected, anomalies.size(), falseAlarms, normal);
	}

	@Test
	void aForecastRuleOpensAnAlertThatSaysWhatWasForecast() {
		AlertRule rule = new AlertRule("unusual", AlertRule.Kind.FORECAST, null, "views", 4, 20, 0.1,
				AlertRule.Direction.UP, AlertRule.Severity.CRITICAL, null, "t");
		PipelineDefinition pipeline = pipeline().withSelectAndAlerts(List.of(), List.of(rule));
		AlertTracker alerts = new AlertTracker(pipeline, 1);
		ForecastTracker model = new ForecastTracker(pipeline);
		List<Alert> raised = new java.util.ArrayList<>();
		Random random = new Random(3);
		for (int t = 0; t < SEASON * 5; t++) {
			double value = truth(t) + 4 * random.nextGaussian() + ((t == SEASON * 5 - 1) ? 100 : 0);
			Map<String, Object> metrics = Map.of("views", value);
			Prediction prediction = model.windowFired("k", t * HOUR, (t + 1) * HOUR, metrics);
			alerts.windowFired("k", t * HOUR, (t + 1) * HOUR, metrics, prediction, 0, raised::add);
		}
		assertThat(raised).singleElement().satisfies((alert) -> {
			assertThat(alert.kind()).isEqualTo(Alert.Kind.forecast);
			assertThat(alert.condition()).isEqualTo("views more than 4 standard deviations above its forecast");
			assertThat(alert.windowEnd().toEpochMilli()).isEqualTo(SEASON * 5 * HOUR);
		});
	}

	private static PipelineDefinition pipeline() {
		PipelineDefinition base = TestPipelines.hourly();
		return base.withForecast(new ForecastSpec("views", ForecastSpec.Method.HOLT_WINTERS,
				java.time.Duration.ofHours(SEASON), 6, 0.95, ForecastSpec.DEFAULT_LEVEL, ForecastSpec.DEFAULT_TREND,
				ForecastSpec.DEFAULT_SEASONAL, "t"));
	}

}
