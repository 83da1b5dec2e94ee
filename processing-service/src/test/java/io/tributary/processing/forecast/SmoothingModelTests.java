package io.tributary.processing.forecast;

import io.tributary.contract.pipeline.ForecastSpec;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The models against generated series with known true values: Holt-Winters on seasonal data with a
 * trend, Holt on trend data, intervals that cover what they promise, gaps stepped over.
 */
class SmoothingModelTests {

	private static final Logger log = LoggerFactory.getLogger(SmoothingModelTests.class);

	private static final ModelSettings HOLT_WINTERS_24 = new ModelSettings(ForecastSpec.Method.HOLT_WINTERS, 24,
			ForecastSpec.DEFAULT_LEVEL, ForecastSpec.DEFAULT_TREND, ForecastSpec.DEFAULT_SEASONAL);

	private static final ModelSettings HOLT = new ModelSettings(ForecastSpec.Method.HOLT, 0,
			ForecastSpec.DEFAULT_LEVEL, ForecastSpec.DEFAULT_TREND, 0);

	/** Result of feeding a series and checking each forecast 1..horizon ahead against the truth. */
	private record Accuracy(double meanAbsoluteError, double maxAbsoluteError, double coverage, int checked) {
	}

	/**
	 * Learns {@code values}; from window {@code from} on, compares each forecast {@code 1..horizon}
	 * windows ahead with the true value, and the observed value with the 95% interval.
	 */
	private static Accuracy run(ModelSettings settings, SeasonalSeries series, double[] values, int from,
			int horizon) {
		SmoothingModel model = new SmoothingModel(settings);
		double z95 = 1.959964;
		double sum = 0;
		double max = 0;
		int checked = 0;
		int covered = 0;
		for (int t = 0; t < values.length; t++) {
			if (t >= from) {
				assertThat(model.ready()).isTrue();
				for (int h = 1; h <= horizon && t - 1 + h < values.length; h++) {
					double error = Math.abs(model.forecast(h) - series.truth(t - 1 + h));
					sum += error;
					max = Math.max(max, error);
					checked++;
				}
				if (Math.abs(values[t] - model.forecast(1)) <= z95 * model.stdDev(1)) {
					covered++;
				}
			}
			model.observe(t, values[t]);
		}
		return new Accuracy(sum / checked, max, covered / (double) (values.length - from), checked);
	}

	@Test
	void holtWintersForecastsASeasonalSeriesWithTrendWithinTheNoise() {
		// a day of hourly windows: amplitude 30, trend 0.5 a window, noise sd 3
		SeasonalSeries series = new SeasonalSeries(200, 0.5, 30, 24, 3, 7);
		double[] values = series.observed(24 * 20);
		Accuracy accuracy = run(HOLT_WINTERS_24, series, values, 24 * 6, 6);
		log.info(String.format("holt-winters, 1..6 windows ahead: mean |error| %.2f, max %.2f (noise sd 3, amplitude 30)"
				+ ", 95%% interval covered %.1f%% of %d windows", accuracy.meanAbsoluteError(),
				accuracy.maxAbsoluteError(), 100 * accuracy.coverage(), values.length - 24 * 6));
		// stated bound: on average within the noise's standard deviation of the truth, never beyond 4 of them
		assertThat(accuracy.meanAbsoluteError()).isLessThan(3.0);
		assertThat(accuracy.maxAbsoluteError()).isLessThan(12.0);
		assertThat(accuracy.coverage()).isBetween(0.90, 0.99);
	}

	@Test
	void holtForecastsATrendWithinTheNoise() {
		SeasonalSeries series = new SeasonalSeries(50, 2.0, 0, 0, 4, 11);
		double[] values = series.observed(400);
		Accuracy accuracy = run(HOLT, series, values, 40, 6);
		log.info(String.format("holt, 1..6 windows ahead: mean |error| %.2f, max %.2f (noise sd 4, trend 2 a window)"
				+ ", 95%% interval covered %.1f%%", accuracy.meanAbsoluteError(), accuracy.maxAbsoluteError(),
				100 * accuracy.coverage()));
		assertThat(accuracy.meanAbsoluteError()).isLessThan(4.0);
		assertThat(accuracy.maxAbsoluteError()).isLessThan(16.0);
		assertThat(accuracy.coverage()).isBetween(0.90, 0.99);
	}

	@Test
	void holtWintersStartsFromTwoSeasonsAndReadiesAfterTenErrors() {
		SmoothingModel model = new SmoothingModel(HOLT_WINTERS_24);
		SeasonalSeries series = new SeasonalSeries(100, 0, 20, 24, 0, 1);
		for (int t = 0; t < 48; t++) {
			assertThat(model.observe(t, series.truth(t))).isNull();
		}
		assertThat(model.started()).isTrue();
		// noise-free: the start recovers the season exactly
		for (int h = 1; h <= 24; h++) {
			assertThat(model.forecast(h)).isCloseTo(series.truth(47 + h), org.assertj.core.api.Assertions.within(1e-9));
		}
		for (int t = 48; t < 58; t++) {
			assertThat(model.ready()).isFalse();
			model.observe(t, series.truth(t));
		}
		assertThat(model.ready()).isTrue();
	}

	@Test
	void aGapIsSteppedOverOnTheModelsOwnForecastAndJudgedWithTheWiderVariance() {
		SeasonalSeries series = new SeasonalSeries(200, 0.5, 30, 24, 3, 5);
		double[] values = series.observed(300);
		SmoothingModel model = new SmoothingModel(HOLT_WINTERS_24);
		for (int t = 0; t < 200; t++) {
			model.observe(t, values[t]);
		}
		double expected = model.forecast(5);
		double stdDev5 = model.stdDev(5);
		// windows 200..203 missing
		Prediction prediction = model.observe(204, values[204]);
		assertThat(prediction).isNotNull();
		assertThat(prediction.expected()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
		assertThat(prediction.stdDev()).isCloseTo(stdDev5, org.assertj.core.api.Assertions.within(1e-9))
			.isGreaterThan(model.stdDev(1));
		assertThat(model.forecast(1)).isCloseTo(series.truth(205), org.assertj.core.api.Assertions.within(12.0));
	}

	@Test
	void theVarianceFactorIsOneAStepAheadAndGrowsWithTheHorizon() {
		assertThat(HOLT_WINTERS_24.varianceFactor(1)).isEqualTo(1.0);
		assertThat(HOLT.varianceFactor(1)).isEqualTo(1.0);
		// ETS(A,A,N), h = 3: 1 + 2 (a^2 + 3ab + b^2 * 3 * 5 / 6), computed independently
		double a = 0.2;
		double b = 0.02;
		assertThat(HOLT.varianceFactor(3)).isCloseTo(1 + 2 * (a * a + 3 * a * b + b * b * 2.5),
				org.assertj.core.api.Assertions.within(1e-12));
		// ETS(A,A,A), h = 25 with m = 24: k = 1 adds g (2a + g + b m 2)
		double g = 0.1;
		double expected = 1 + 24 * (a * a + a * b * 25 + b * b * 25 * 49 / 6.0) + g * (2 * a + g + b * 24 * 2);
		assertThat(HOLT_WINTERS_24.varianceFactor(25)).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
	}

}
