package io.tributary.contract.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A pipeline's {@code forecast} and its forecast alert rules, as loaded, and their problems where they are. */
class PipelineFileForecastTests {

	private static String file(String window, String tail) {
		return """
				streams:
				  clicks: {}
				pipelines:
				  per-page:
				    source: clicks
				    key-by: page
				    window: %s
				    aggregate:
				      views: count
				      buyers: distinct(user)
				%s""".formatted(window, tail.indent(4));
	}

	private static PipelineDefinition load(String window, String tail) {
		return PipelineFileLoader.load("p.yaml", file(window, tail), null).pipeline("per-page").orElseThrow();
	}

	private static PipelineFileException problems(String window, String tail) {
		return org.assertj.core.api.Assertions.catchThrowableOfType(PipelineFileException.class,
				() -> PipelineFileLoader.load("p.yaml", file(window, tail), null));
	}

	@Test
	void aHoltWintersForecastAndARuleOnItLoadWithTheirDefaults() {
		PipelineDefinition p = load("{ type: tumbling, size: 1h }", """
				    forecast: { metric: views, method: holt-winters, season: 24h }
				    alerts:
				      unusual: { forecast: views, direction: up }""");
		ForecastSpec f = p.forecast();
		assertThat(f).isNotNull();
		assertThat(f.metric()).isEqualTo("views");
		assertThat(f.method()).isEqualTo(ForecastSpec.Method.HOLT_WINTERS);
		assertThat(f.season()).isEqualTo(Duration.ofHours(24));
		assertThat(f.seasonWindows(3_600_000)).isEqualTo(24);
		assertThat(f.horizon()).isEqualTo(ForecastSpec.DEFAULT_HORIZON);
		assertThat(f.confidence()).isEqualTo(ForecastSpec.DEFAULT_CONFIDENCE);
		assertThat(f.location()).isEqualTo("p.yaml:11:15 (pipelines.per-page.forecast)");
		AlertRule rule = p.alerts().getFirst();
		assertThat(rule.kind()).isEqualTo(AlertRule.Kind.FORECAST);
		assertThat(rule.metric()).isEqualTo("views");
		assertThat(rule.sensitivity()).isEqualTo(AlertRule.DEFAULT_SENSITIVITY);
		assertThat(rule.condition()).isEqualTo("views more than 4 standard deviations above its forecast");
	}

	@Test
	void holtTakesNoSeasonAndSmoothingIsConfigurable() {
		PipelineDefinition p = load("{ type: hopping, size: 10m, slide: 5m }", """
				    forecast:
				      metric: buyers
				      method: holt
				      horizon: 12
				      confidence: 0.8
				      smoothing: { level: 0.5, trend: 0.1 }""");
		ForecastSpec f = p.forecast();
		assertThat(f.method()).isEqualTo(ForecastSpec.Method.HOLT);
		assertThat(f.season()).isNull();
		assertThat(f.horizon()).isEqualTo(12);
		assertThat(f.confidence()).isEqualTo(0.8);
		assertThat(f.level()).isEqualTo(0.5);
		assertThat(f.trend()).isEqualTo(0.1);
		assertThat(load("{ type: tumbling, size: 1h }", "forecast: { metric: views, season: 7d }").forecast().method())
			.as("a season implies holt-winters")
			.isEqualTo(ForecastSpec.Method.HOLT_WINTERS);
	}

	@Test
	void badForecastsAreReportedWhereTheyAre() {
		assertThat(problems("{ type: tumbling, size: 7m }", """
				    forecast:
				      metric: clicks
				      method: arima
				      horizon: 0
				      confidence: 1.5
				      colour: red""").problems()).containsExactlyInAnyOrder(
				"p.yaml:16:7: pipelines.per-page.forecast.colour: unknown property 'colour'; expected one of "
						+ "[confidence, horizon, method, metric, season, smoothing]",
				"p.yaml:12:15: pipelines.per-page.forecast.metric: unknown metric 'clicks'; this pipeline's metrics: "
						+ "[views, buyers]",
				"p.yaml:13:15: pipelines.per-page.forecast.method: unknown method 'arima'; methods: holt, holt-winters",
				"p.yaml:14:16: pipelines.per-page.forecast.horizon: '0' is not a whole number of windows from 1 to 1000",
				"p.yaml:15:19: pipelines.per-page.forecast.confidence: '1.5' is not from 0.5 to 0.9999 (the interval's "
						+ "coverage)");
		assertThat(problems("{ type: tumbling, size: 7m }", "forecast: { metric: views, season: 24h }").problems())
			.containsExactly("p.yaml:11:40: pipelines.per-page.forecast.season: must be a whole multiple (at least "
					+ "twice) of the window's size (7m), got 1d");
		assertThat(problems("{ type: tumbling, size: 10s }", "forecast: { metric: views, season: 24h }").problems())
			.containsExactly("p.yaml:11:40: pipelines.per-page.forecast.season: spans 8640 windows; at most 1440 (one "
					+ "seasonal component per window): use longer windows");
		assertThat(problems("{ type: tumbling, size: 1h }", "forecast: { metric: views, method: holt-winters }")
			.problems()).containsExactly(
					"p.yaml:11:15: pipelines.per-page.forecast: holt-winters needs 'season' (e.g. season: 24h)");
		assertThat(problems("{ type: session, gap: 1m }", "forecast: { metric: views, method: holt }").problems())
			.containsExactly("p.yaml:11:15: pipelines.per-page.forecast: session windows have no regular series to "
					+ "forecast; use tumbling or hopping windows");
		assertThat(problems("{ type: tumbling, size: 1h }",
				"forecast: { metric: views, method: holt, smoothing: { level: 0.1, trend: 0.3 } }").problems())
			.containsExactly("p.yaml:11:78: pipelines.per-page.forecast.smoothing.trend: must not exceed level (0.1), "
					+ "or the trend would overreact");
	}

	@Test
	void aForecastRuleNeedsTheForecastOfItsMetric() {
		assertThat(problems("{ type: tumbling, size: 1h }", """
				    alerts:
				      unusual: { forecast: views }""").problems()).containsExactly(
				"p.yaml:12:16: pipelines.per-page.alerts.unusual: judges 'views' against its forecast: declare "
						+ "forecast: { metric: views, ... } in the pipeline");
		assertThat(problems("{ type: tumbling, size: 1h }", """
				    forecast: { metric: buyers }
				    alerts:
				      unusual: { forecast: views, smoothing: 0.2 }""").problems()).containsExactlyInAnyOrder(
				"p.yaml:13:46: pipelines.per-page.alerts.unusual.smoothing: a forecast rule uses the smoothing of the "
						+ "pipeline's forecast (forecast.smoothing)");
	}

}
