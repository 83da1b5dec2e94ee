package io.tributary.contract.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What each section of a pipeline file refuses, with the exact message and place: the rules the
 * other pipeline-file tests do not pin (structure, streams, lookups, enrich, watermark, emit,
 * retention, the aggregation grammar, select, alerts).
 */
class PipelineFileSectionTests {

	/** A valid pipeline {@code p} over stream {@code s}; {@code %s} is the rest of the pipeline, indented 4. */
	private static String pipeline(String rest) {
		return """
				streams:
				  s: {}
				pipelines:
				  p:
				    source: s
				    key-by: page
				    window: { type: tumbling, size: 10s }
				    aggregate:
				      clicks: count
				%s""".formatted(rest);
	}

	private static List<String> problems(String yaml) {
		return problems(yaml, null);
	}

	private static List<String> problems(String yaml, Path baseDir) {
		PipelineFileException ex = org.junit.jupiter.api.Assertions.assertThrows(PipelineFileException.class,
				() -> PipelineFileLoader.load("p.yaml", yaml, baseDir));
		return ex.problems();
	}

	@Test
	void anEmptyFileOrOneWithoutPipelinesIsRefused() {
		assertThat(problems("")).containsExactly("p.yaml: the file is empty");
		assertThat(problems("streams: { s: {} }\n"))
			.containsExactly("p.yaml:1:1: the file declares no pipelines (a top-level 'pipelines:' is required)");
		assertThat(problems("- a\n- b\n")).containsExactly("p.yaml:1:1: expected a mapping, not a list");
	}

	@Test
	void theTopLevelAndEachSectionAcceptOnlyTheirProperties() {
		assertThat(problems(pipeline("") + "pipeline: {}\n")).containsExactly(
				"p.yaml:10:1: pipeline: unknown property 'pipeline'; expected one of [lookups, pipelines, streams]");
		assertThat(problems(pipeline("") + "lookups:\n  pages: { table: x }\n")).containsExactly(
				"p.yaml:11:12: lookups.pages.table: unknown property 'table'; expected one of []");
		assertThat(problems(pipeline("    ? [a]\n    : 1\n")))
			.containsExactly("p.yaml:10:7: pipelines.p: keys must be plain names");
		assertThat(problems(pipeline("    watermark: 2s\n")))
			.containsExactly("p.yaml:10:16: pipelines.p.watermark: expected a mapping, not a value");
	}

	@Test
	void namedSectionsAreMappingsOfValidNames() {
		assertThat(problems("streams: [a, b]\npipelines: {}\n")).containsExactly(
				"p.yaml:1:10: streams: expected a mapping of names to definitions, not a list");
		assertThat(problems(pipeline("").replace("  s: {}", "  s: {}\n  bad.name: {}"))).containsExactly(
				"p.yaml:3:3: streams.bad.name: 'bad.name' is not a valid name (letters, digits, '-', '_', at most 64)");
		assertThat(problems(pipeline("")
			.replace("  s: {}", "  s: {}\n  " + "x".repeat(65) + ": {}"))).containsExactly("p.yaml:3:3: streams."
					+ "x".repeat(65) + ": '" + "x".repeat(65) + "' is not a valid name (letters, digits, '-', '_', at most 64)");
	}

	@Test
	void aStreamNamesFieldsAndAReadableSchema(@TempDir Path dir) {
		assertThat(problems(pipeline("").replace("  s: {}", "  s: { time-field: 1st, id-field: [a] }")))
			.containsExactly(
					"p.yaml:2:20: streams.s.time-field: '1st' is not a field name (letters, digits, '_', dots for nesting)",
					"p.yaml:2:35: streams.s.id-field: expected a single value, not a list");
		assertThat(problems(pipeline("").replace("  s: {}", "  s: { schema: missing.json }"), dir))
			.containsExactly("p.yaml:2:16: streams.s.schema: schema file " + dir.resolve("missing.json")
					+ " does not exist or cannot be read");
	}

	@Test
	void aStreamsMaxFutureIsADurationOfAtLeastASecondAndFiveMinutesWhenUnset() {
		PipelineFile file = PipelineFileLoader.load("p.yaml",
				pipeline("").replace("  s: {}", "  s: { max-future: 90s }\n  t: { time-field: at }\n  u: {}"), null);
		assertThat(file.stream("s").orElseThrow().maxFuture()).isEqualTo(Duration.ofSeconds(90));
		assertThat(file.stream("t").orElseThrow().maxFuture()).isEqualTo(Duration.ofMinutes(5));
		assertThat(file.stream("u").orElseThrow().maxFuture()).isEqualTo(Duration.ofMinutes(5));

		assertThat(problems(pipeline("").replace("  s: {}", "  s: { max-future: 999ms }"))).containsExactly(
				"p.yaml:2:20: streams.s.max-future: must be at least 1s: processing checks event times again on its"
						+ " own clock, and the setting must cover the skew between the services' clocks");
		assertThat(problems(pipeline("").replace("  s: {}", "  s: { max-future: PT-1M }")))
			.containsExactly("p.yaml:2:20: streams.s.max-future: must not be negative");
		assertThat(problems(pipeline("").replace("  s: {}", "  s: { max-future: soon }"))).containsExactly(
				"p.yaml:2:20: streams.s.max-future: 'soon' is not a duration; write e.g. 250ms, 10s, 5m, 2h, 7d (or ISO-8601 like PT10S)");
		assertThat(problems(pipeline("").replace("  s: {}", "  s: { max-future: 1000000000000d }"))).containsExactly(
				"p.yaml:2:20: streams.s.max-future: is too large (at most 2^63-1 milliseconds, about 292 million years)");
		assertThat(problems(pipeline("").replace("  s: {}", "  s: { max-future: 99999999999999999d }")))
			.containsExactly("p.yaml:2:20: streams.s.max-future: '99999999999999999d' is too long a duration");
		assertThat(problems(pipeline("").replace("  s: {}", "  s: { max-futur: 5m }"))).containsExactly(
				"p.yaml:2:8: streams.s.max-futur: unknown property 'max-futur'; expected one of "
						+ "[id-field, max-future, schema, time-field]");
	}

	@Test
	void theModelRefusesAMaxFutureBelowASecond() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new StreamDefinition("s", null, null, null, Duration.ofMillis(999)))
			.withMessage("max-future must be at least 1s (it must cover the skew between the services' clocks), got 999ms");
		assertThat(new StreamDefinition("s", null, null, null).maxFuture()).isEqualTo(StreamDefinition.DEFAULT_MAX_FUTURE);
	}

	@Test
	void aPipelineNeedsASourceAndSingleValuedExpressions() {
		assertThat(problems(pipeline("    filter: [a]\n").replace("    source: s\n", ""))).containsExactly(
				"p.yaml:5:5: pipelines.p: 'source' is required",
				"p.yaml:9:13: pipelines.p.filter: expected a single value, not a list");
	}

	@Test
	void enrichmentsAreAListOfKnownLookupsWithAKeyAndAFieldName() {
		String lookups = "lookups:\n  pages: {}\n";
		assertThat(problems(lookups + pipeline("    enrich: { lookup: pages }\n"))).containsExactly(
				"p.yaml:12:13: pipelines.p.enrich: expected a list of '- lookup: ..., key: ..., as: ...'");
		assertThat(problems(lookups + pipeline("""
				    enrich:
				      - { lookup: sites, key: event.site, as: 1site }
				      - { as: page_title }
				"""))).containsExactly(
				"p.yaml:13:19: pipelines.p.enrich[0].lookup: unknown lookup 'sites'; declared lookups: [pages]",
				"p.yaml:13:47: pipelines.p.enrich[0].as: '1site' is not a valid field name",
				"p.yaml:14:9: pipelines.p.enrich[1]: 'lookup' is required",
				"p.yaml:14:9: pipelines.p.enrich[1]: 'key' is required");
	}

	@Test
	void watermarkEmitAndRetentionTakeDurationsOfTheRightSign() {
		assertThat(problems(pipeline("""
				    watermark: { max-out-of-orderness: PT-1S, idle-timeout: 0s }
				    emit: { every: 0ms }
				    retention: 0d
				"""))).containsExactly(
				"p.yaml:10:40: pipelines.p.watermark.max-out-of-orderness: must not be negative",
				"p.yaml:10:61: pipelines.p.watermark.idle-timeout: must be greater than zero",
				"p.yaml:11:20: pipelines.p.emit.every: must be greater than zero",
				"p.yaml:12:16: pipelines.p.retention: must be greater than zero");
	}

	@Test
	void emitFinalIsABooleanAndAPipelineMustEmitSomething() {
		assertThat(problems(pipeline("    emit: { final: sometimes }\n")))
			.containsExactly("p.yaml:10:20: pipelines.p.emit.final: expected true or false");
		assertThat(problems(pipeline("    emit: { final: false }\n"))).containsExactly(
				"p.yaml:10:11: pipelines.p.emit: with 'final: false' set 'every', or the pipeline never emits a result");
		assertThat(PipelineFileLoader.load("p.yaml", pipeline("    emit: { every: 1s, final: FALSE }\n"), null)
			.pipeline("p")
			.orElseThrow()
			.emit()).isEqualTo(new EmitSpec(java.time.Duration.ofSeconds(1), false));
	}

	@Test
	void anAggregationIsAMetricNameAndACall() {
		String base = pipeline("");
		assertThat(problems(base.replace("clicks: count", "clicks: Count"))).containsExactly(
				"p.yaml:9:15: pipelines.p.aggregate.clicks: expected 'function' or 'function(field, ...)', e.g. count, sum(price)");
		assertThat(problems(base.replace("clicks: count", "clicks: sum(price"))).containsExactly(
				"p.yaml:9:15: pipelines.p.aggregate.clicks: expected 'function' or 'function(field, ...)', e.g. count, sum(price)");
		assertThat(problems(base.replace("clicks: count", "per-page: count"))).containsExactly(
				"p.yaml:9:17: pipelines.p.aggregate.per-page: 'per-page' is not a valid metric name (letters, digits, underscore)");
		assertThat(problems(base.replace("clicks: count", "clicks: [count]")))
			.containsExactly("p.yaml:9:15: pipelines.p.aggregate.clicks: expected a single value, not a list");
		assertThat(problems(base.replace("      clicks: count\n", "").replace("aggregate:", "aggregate: {}")))
			.containsExactly("p.yaml:8:16: pipelines.p.aggregate: declare at least one aggregation");
		assertThat(PipelineFileLoader.load("p.yaml", base.replace("clicks: count", "clicks: count ( )"), null)
			.pipeline("p")
			.orElseThrow()
			.aggregates()).extracting(AggregateSpec::function).containsExactly("count");
	}

	@Test
	void aSelectIsNamedLikeAMetric() {
		assertThat(problems(pipeline("    select:\n      per-click: clicks * 2\n"))).containsExactly(
				"p.yaml:11:18: pipelines.p.select.per-click: 'per-click' is not a valid metric name (letters, digits, underscore)");
	}

	@Test
	void anAlertRuleIsAMappingOfKnownPropertiesInTheirRanges() {
		assertThat(problems(pipeline("""
				    alerts:
				      flat: clicks > 1
				      spiky:
				        anomaly: clicks
				        sensitivity: 101
				        warm-up: 1
				        smoothing: none
				        resolve-after: 0s
				        colour: red
				"""))).containsExactly("p.yaml:11:13: pipelines.p.alerts.flat: expected a mapping, not a value",
				"p.yaml:18:9: pipelines.p.alerts.spiky.colour: unknown property 'colour'; expected one of "
						+ "[anomaly, direction, forecast, notify, resolve-after, sensitivity, severity, smoothing, warm-up, "
						+ "when]",
				"p.yaml:14:22: pipelines.p.alerts.spiky.sensitivity: '101' is not from 0.5 to 100 (standard deviations)",
				"p.yaml:15:18: pipelines.p.alerts.spiky.warm-up: '1' is not a whole number of windows from 2 to 100000",
				"p.yaml:16:20: pipelines.p.alerts.spiky.smoothing: 'none' is not from 0.001 to 1 (the weight of the newest window)",
				"p.yaml:17:24: pipelines.p.alerts.spiky.resolve-after: must be greater than zero");
	}

	@Test
	void everyProblemOfAFileIsReportedAtOnceAndNothingHalfValidIsReturned() {
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> PipelineFileLoader.load("p.yaml", pipeline("    retention: 0d\n    emit: 1s\n"), null))
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2))
			.withMessageContaining("p.yaml:10:16: pipelines.p.retention: must be greater than zero")
			.withMessageContaining("p.yaml:11:11: pipelines.p.emit: expected a mapping, not a value");
	}

	@Test
	void aRuleTheModelEnforcesIsReportedAtItsPlaceLikeEveryOther() {
		// sub-millisecond: positive, so the loader's own check passes, but the model refuses it
		assertThat(problems(pipeline("    emit: { every: PT0.0005S }\n"))).singleElement()
			.asString()
			.startsWith("p.yaml:10:11: pipelines.p.emit: ")
			.contains("emit.every must be at least 1ms");
	}

}
