package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A pipeline's {@code select} fields and {@code alerts} rules, as loaded, and their expressions. */
class PipelineFileAlertTests {

	private static String file(String tail) {
		return """
				streams:
				  clicks: {}
				pipelines:
				  per-page:
				    source: clicks
				    key-by: page
				    window: { type: tumbling, size: 10s }
				    aggregate:
				      clicks: count
				      p99_ms: quantile(ms, 0.99)
				      buyers: distinct(user)
				%s""".formatted(tail);
	}

	private static PipelineDefinition load(String tail) {
		return PipelineFileLoader.load("p.yaml", file(tail.indent(4)), null).pipeline("per-page").orElseThrow();
	}

	@Test
	void selectFieldsAndRulesLoadWithTheirDefaults() {
		PipelineDefinition p = load("""
				    select:
				      conversion: buyers / clicks
				      slow: metrics["p99_ms"] > 250.0
				    alerts:
				      too-slow:
				        when: slow && clicks > 100
				        severity: critical
				      clicks-anomaly:
				        anomaly: clicks
				      conversion-drop:
				        anomaly: conversion
				        direction: down
				        sensitivity: 3.5
				        warm-up: 30
				        smoothing: 0.05
				        resolve-after: 1m""");
		assertThat(p.select()).extracting(SelectStep::name).containsExactly("conversion", "slow");
		assertThat(p.alerts()).extracting(AlertRule::name).containsExactly("too-slow", "clicks-anomaly",
				"conversion-drop");
		AlertRule tooSlow = p.alerts().get(0);
		assertThat(tooSlow.kind()).isEqualTo(AlertRule.Kind.THRESHOLD);
		assertThat(tooSlow.condition()).isEqualTo("slow && clicks > 100");
		assertThat(tooSlow.severity()).isEqualTo(AlertRule.Severity.CRITICAL);
		AlertRule anomaly = p.alerts().get(1);
		assertThat(anomaly.kind()).isEqualTo(AlertRule.Kind.ANOMALY);
		assertThat(anomaly.sensitivity()).isEqualTo(AlertRule.DEFAULT_SENSITIVITY);
		assertThat(anomaly.warmUp()).isEqualTo(AlertRule.DEFAULT_WARM_UP);
		assertThat(anomaly.smoothing()).isEqualTo(AlertRule.DEFAULT_SMOOTHING);
		assertThat(anomaly.direction()).isEqualTo(AlertRule.Direction.BOTH);
		assertThat(anomaly.severity()).isEqualTo(AlertRule.Severity.WARNING);
		assertThat(anomaly.resolveAfter()).isNull();
		assertThat(p.windowLength()).isEqualTo(Duration.ofSeconds(10));
		AlertRule drop = p.alerts().get(2);
		assertThat(drop.direction()).isEqualTo(AlertRule.Direction.DOWN);
		assertThat(drop.sensitivity()).isEqualTo(3.5);
		assertThat(drop.warmUp()).isEqualTo(30);
		assertThat(drop.smoothing()).isEqualTo(0.05);
		assertThat(drop.resolveAfter()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void selectExpressionsComputeFromTheMetricsAndGiveNullWhereTheyCannot() {
		PipelineDefinition p = load("""
				    select:
				      conversion: double(buyers) / double(clicks)
				      slow: metrics["p99_ms"] > 250.0
				      tag: key + "!\"""");
		MetricExpression conversion = MetricExpression.compile(p.select().get(0).expression(),
				java.util.List.of("clicks", "p99_ms", "buyers"));
		Map<String, @Nullable Object> metrics = new LinkedHashMap<>();
		metrics.put("clicks", 8L);
		metrics.put("p99_ms", 300.0);
		metrics.put("buyers", 2L);
		assertThat(conversion.evaluate("k", metrics)).isEqualTo(0.25);
		MetricExpression slow = MetricExpression.compile(p.select().get(1).expression(),
				java.util.List.of("clicks", "p99_ms", "buyers", "conversion"));
		assertThat(slow.test("k", metrics)).isTrue();
		MetricExpression tag = MetricExpression.compile(p.select().get(2).expression(), java.util.List.of());
		assertThat(tag.evaluate("page-1", metrics)).isEqualTo("page-1!");
		metrics.put("clicks", 0L);
		assertThat(conversion.evaluate("k", metrics)).as("0/0 is no number").isNull();
		metrics.put("p99_ms", null);
		assertThat(slow.evaluate("k", metrics)).as("a metric without a value").isNull();
		assertThat(slow.test("k", metrics)).isFalse();
	}

	@Test
	void theReadmesPipelineFileLoadsAsWritten() throws java.io.IOException {
		String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
		int section = readme.indexOf("## The pipeline file");
		int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
		String yaml = readme.substring(start, readme.indexOf("```", start));
		PipelineDefinition p = PipelineFileLoader.load("README.md", yaml, null).pipeline("campaign-views").orElseThrow();
		assertThat(p.select()).extracting(SelectStep::name).containsExactly("latency_s");
		assertThat(p.alerts()).extracting(AlertRule::name).containsExactly("slow-ads", "views-surge", "views-unusual");
		assertThat(p.forecast()).isNotNull()
			.satisfies((f) -> assertThat(f.seasonWindows(p.windowSlide().toMillis())).isEqualTo(360));
		PipelineDefinition example = PipelineFileLoader.load(java.nio.file.Path.of("../pipelines/example.yaml"))
			.pipeline("campaign-views")
			.orElseThrow();
		assertThat(example.alerts()).extracting(AlertRule::name).containsExactly("slow-ads", "views-surge");
	}

	@Test
	void badRulesAndSelectsAreReportedWhereTheyAre() {
		assertThatExceptionOfType(PipelineFileException.class).isThrownBy(() -> load("""
				    select:
				      clicks: buyers * 2
				      ratio: buyrs / clicks
				    alerts:
				      both:
				        when: clicks > 1
				        anomaly: clicks
				      neither:
				        severity: warning
				      unknown:
				        anomaly: views
				      odd:
				        when: clicks > 1
				        sensitivity: 3
				      wrong:
				        anomaly: clicks
				        sensitivity: 0
				        warm-up: 2.5
				        direction: sideways
				        severity: loud""")).satisfies((ex) -> {
			assertThat(ex.problems()).hasSize(10);
			assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem)
				.startsWith("p.yaml:13:15: pipelines.per-page.select.clicks: 'clicks' is already the name"));
			assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem)
				.startsWith("p.yaml:14:14: pipelines.per-page.select.ratio: not a valid expression")
				.contains("buyrs"));
			assertThat(ex.problems()).anySatisfy(
					(problem) -> assertThat(problem).startsWith("p.yaml:17:9: pipelines.per-page.alerts.both: give either"));
			assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem)
				.startsWith("p.yaml:20:9: pipelines.per-page.alerts.neither: give either"));
			assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem)
				.isEqualTo("p.yaml:22:18: pipelines.per-page.alerts.unknown.anomaly: unknown metric 'views'; "
						+ "this pipeline's metrics: [clicks, p99_ms, buyers]"));
			assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem)
				.isEqualTo("p.yaml:25:22: pipelines.per-page.alerts.odd.sensitivity: 'sensitivity' applies to "
						+ "anomaly and forecast rules only"));
			assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem)
				.contains("alerts.wrong.sensitivity: '0' is not from 0.5 to 100"));
			assertThat(ex.problems()).anySatisfy(
					(problem) -> assertThat(problem).contains("alerts.wrong.warm-up: must be a whole number of windows"));
			assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem)
				.contains("alerts.wrong.direction: 'sideways' is not one of [up, down, both]"));
			assertThat(ex.problems()).anySatisfy((problem) -> assertThat(problem)
				.contains("alerts.wrong.severity: 'loud' is not one of [info, warning, critical]"));
		});
	}

}
