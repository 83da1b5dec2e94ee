package io.tributary.contract.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tributary.contract.aggregate.AggregateFunctions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PipelineFileLoaderTests {

	private static final String GOOD = """
			streams:
			  ad-events:
			    time-field: event_time
			    id-field: event_id
			lookups:
			  campaigns: {}
			pipelines:
			  campaign-views:
			    source: ad-events
			    filter: event.event_type == "view"
			    enrich:
			      - lookup: campaigns
			        key: event.ad_id
			        as: campaign_id
			    key-by: campaign_id
			    window: { type: tumbling, size: 10s, allowed-lateness: 5s }
			    watermark: { max-out-of-orderness: 2s, idle-timeout: 10s }
			    aggregate:
			      views: count
			      avg_latency: avg(latency_ms)
			    emit: { every: 1s, final: true }
			    retention: 7d
			""";

	@Test
	void loadsAFileThatReadsLikeTheIntent() {
		PipelineFile file = PipelineFileLoader.load("p.yaml", GOOD, null);

		assertThat(file.streams()).containsKey("ad-events");
		assertThat(file.stream("ad-events").orElseThrow().timeField()).isEqualTo("event_time");
		PipelineDefinition p = file.pipeline("campaign-views").orElseThrow();
		assertThat(p.source()).isEqualTo("ad-events");
		assertThat(p.filter().text()).isEqualTo("event.event_type == \"view\"");
		assertThat(p.filter().location()).isEqualTo("p.yaml:10:13 (pipelines.campaign-views.filter)");
		assertThat(p.enrich()).singleElement().satisfies((e) -> {
			assertThat(e.lookup()).isEqualTo("campaigns");
			assertThat(e.key().text()).isEqualTo("event.ad_id");
			assertThat(e.as()).isEqualTo("campaign_id");
		});
		assertThat(p.keyBy().text()).isEqualTo("campaign_id");
		assertThat(p.window()).isEqualTo(new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null,
				Duration.ofSeconds(5)));
		assertThat(p.watermark()).isEqualTo(new WatermarkSpec(Duration.ofSeconds(2), Duration.ofSeconds(10)));
		assertThat(p.aggregates()).extracting(AggregateSpec::name, AggregateSpec::function, AggregateSpec::field)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("views", "count", null),
					org.assertj.core.groups.Tuple.tuple("avg_latency", "avg", "latency_ms"));
		assertThat(p.emit()).isEqualTo(new EmitSpec(Duration.ofSeconds(1), true));
		assertThat(p.retention()).isEqualTo(Duration.ofDays(7));
		assertThat(file.pipelinesOf("ad-events")).containsExactly(p);
	}

	@Test
	void loadsTheExampleFileShippedWithTheRepository() {
		PipelineFile file = PipelineFileLoader.load(Path.of("../pipelines/example.yaml"));

		assertThat(file.pipelines()).containsKey("campaign-views");
	}

	/** The example of PRODUCT.md, verbatim. */
	private static final String PRODUCT_EXAMPLE = """
			streams:
			  ad-events:
			    time-field: event_time          # ISO-8601 or epoch millis; absent -> ingestion time
			    id-field: event_id              # optional; used for idempotent retries / dedup
			    schema: schemas/ad-event.json   # optional JSON Schema, enforced at ingestion
			lookups:
			  campaigns: {}                     # a key->value table kept in Redis, loaded over REST
			pipelines:
			  campaign-views:
			    source: ad-events
			    filter: event.event_type == "view"          # an expression language that is safe on untrusted data
			    enrich:
			      - lookup: campaigns
			        key: event.ad_id
			        as: campaign_id
			    key-by: campaign_id
			    window: { type: tumbling, size: 10s, allowed-lateness: 5s }
			    watermark: { max-out-of-orderness: 2s, idle-timeout: 10s }
			    aggregate:
			      views: count
			      users: distinct(user_id)
			      p99_latency: quantile(latency_ms, 0.99)
			    emit: { every: 1s, final: true }
			    retention: 7d
			""";

	@Test
	void loadsTheProductExampleAsWritten(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
		java.nio.file.Files.createDirectories(dir.resolve("schemas"));
		java.nio.file.Files.writeString(dir.resolve("schemas/ad-event.json"), "{\"type\": \"object\"}");

		PipelineFile file = PipelineFileLoader.load("product.yaml", PRODUCT_EXAMPLE, dir);

		assertThat(file.stream("ad-events").orElseThrow().schema()).isEqualTo(dir.resolve("schemas/ad-event.json"));
		assertThat(file.pipeline("campaign-views").orElseThrow().aggregates())
			.extracting(AggregateSpec::name, AggregateSpec::function, AggregateSpec::field, AggregateSpec::params)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("views", "count", null, List.of()),
					org.assertj.core.groups.Tuple.tuple("users", "distinct", "user_id", List.of()),
					org.assertj.core.groups.Tuple.tuple("p99_latency", "quantile", "latency_ms", List.of(0.99)));
	}

	@Test
	void reportsEachProblemWithLineColumnAndPath() {
		String bad = GOOD.replace("size: 10s", "size: 10x")
			.replace("source: ad-events", "source: clicks")
			.replace("views: count", "views: countt");

		assertThatExceptionOfType(PipelineFileException.class).isThrownBy(() -> PipelineFileLoader.load("p.yaml", bad, null))
			.satisfies((ex) -> assertThat(ex.problems()).containsExactlyInAnyOrder(
					"p.yaml:9:13: pipelines.campaign-views.source: unknown stream 'clicks'; declared streams: [ad-events]",
					"p.yaml:16:37: pipelines.campaign-views.window.size: '10x' is not a duration; write e.g. 250ms, 10s, 5m, 2h, 7d (or ISO-8601 like PT10S)",
					"p.yaml:19:14: pipelines.campaign-views.aggregate.views: unknown aggregation 'countt'; available: count, sum(f), min(f), max(f), avg(f), stddev(f), quantile(f, q, ...), distinct(f), top(f, k), first(f), last(f)"));
	}

	@Test
	void rejectsUnknownPropertiesSoTyposDoNotPassSilently() {
		String bad = GOOD.replace("retention: 7d", "retension: 7d");

		assertThatExceptionOfType(PipelineFileException.class).isThrownBy(() -> PipelineFileLoader.load("p.yaml", bad, null))
			.withMessageContaining("p.yaml:22:5: pipelines.campaign-views.retension: unknown property 'retension'");
	}

	@Test
	void loadsEveryAggregationAndTheFactoryBuildsWhatItLoads() {
		String all = GOOD.replace("      views: count\n", """
				      views: count
				      total: sum(price)
				      low: min(price)
				      high: max(price)
				      mean: avg(price)
				      spread: stddev(latency_ms)
				      latency: quantile(latency_ms, 0.5, 0.99, 1)
				      users: distinct(user.id)
				      countries: top(country, 10)
				      opened_on: first(page)
				      closed_on: last(page)
				""");

		List<AggregateSpec> aggregates = PipelineFileLoader.load("p.yaml", all, null)
			.pipeline("campaign-views")
			.orElseThrow()
			.aggregates();

		assertThat(aggregates).extracting(AggregateSpec::function, AggregateSpec::field, AggregateSpec::params)
			.contains(org.assertj.core.groups.Tuple.tuple("stddev", "latency_ms", List.of()),
					org.assertj.core.groups.Tuple.tuple("quantile", "latency_ms", List.of(0.5, 0.99, 1.0)),
					org.assertj.core.groups.Tuple.tuple("distinct", "user.id", List.of()),
					org.assertj.core.groups.Tuple.tuple("top", "country", List.of(10.0)),
					org.assertj.core.groups.Tuple.tuple("first", "page", List.of()),
					org.assertj.core.groups.Tuple.tuple("last", "page", List.of()));
		assertThat(aggregates.stream().map((a) -> AggregateFunctions.of(a).toString()).toList()).containsExactly("count",
				"sum(price)", "min(price)", "max(price)", "avg(price)", "stddev(latency_ms)",
				"quantile(latency_ms, 0.5, 0.99, 1.0)", "distinct(user.id)", "top(country, 10)", "first(page)",
				"last(page)", "avg(latency_ms)");
	}

	/** The one problem of GOOD with its first aggregation replaced by {@code m: text}. */
	static String aggregationProblem(String text) {
		String bad = GOOD.replace("views: count", "m: " + text);
		PipelineFileException ex = org.junit.jupiter.api.Assertions.assertThrows(PipelineFileException.class,
				() -> PipelineFileLoader.load("p.yaml", bad, null));
		assertThat(ex.problems()).as(text).hasSize(1);
		return ex.problems().get(0);
	}

	@Test
	void namesEveryAvailableAggregationWhenOneIsUnknown() {
		assertThat(aggregationProblem("median(latency_ms)")).isEqualTo(
				"p.yaml:19:10: pipelines.campaign-views.aggregate.m: unknown aggregation 'median'; available: count, sum(f), min(f), max(f), avg(f), stddev(f), quantile(f, q, ...), distinct(f), top(f, k), first(f), last(f)");
	}

	@Test
	void quantileTakesAFieldAndDistinctQuantilesFromZeroToOne() {
		String usage = "p.yaml:19:10: pipelines.campaign-views.aggregate.m: quantile takes a field and one or more "
				+ "quantiles in [0, 1], e.g. quantile(latency_ms, 0.5, 0.99); got ";
		assertThat(aggregationProblem("quantile(latency_ms)")).isEqualTo(usage + "quantile(latency_ms)");
		assertThat(aggregationProblem("quantile")).isEqualTo(usage + "quantile");
		assertThat(aggregationProblem("quantile(latency_ms, 1.5)")).isEqualTo(
				usage + "quantile(latency_ms, 1.5) (1.5 is not in [0, 1])");
		assertThat(aggregationProblem("quantile(latency_ms, -0.1)")).isEqualTo(
				usage + "quantile(latency_ms, -0.1) (-0.1 is not in [0, 1])");
		assertThat(aggregationProblem("quantile(latency_ms, NaN)")).isEqualTo(
				usage + "quantile(latency_ms, NaN) (NaN is not in [0, 1])");
		assertThat(aggregationProblem("quantile(latency_ms, 0.5, 0.50)")).isEqualTo(
				usage + "quantile(latency_ms, 0.5, 0.50) (0.50 is there twice)");
		assertThat(aggregationProblem("quantile(latency_ms, p99)")).isEqualTo(
				usage + "quantile(latency_ms, p99) ('p99' is not a number)");
		assertThat(aggregationProblem("quantile(0.5, 0.9)")).endsWith(": '0.5' is not a field name");
	}

	@Test
	void topTakesAFieldAndAWholeNumberFromOneToAThousand() {
		String usage = "p.yaml:19:10: pipelines.campaign-views.aggregate.m: top takes a field and a number of values k "
				+ "from 1 to 1000, e.g. top(country, 10); got ";
		assertThat(aggregationProblem("top(country)")).isEqualTo(usage + "top(country)");
		assertThat(aggregationProblem("top(country, 5, 6)")).isEqualTo(usage + "top(country, 5, 6)");
		assertThat(aggregationProblem("top(country, 0)")).isEqualTo(usage + "top(country, 0) (0 is not from 1 to 1000)");
		assertThat(aggregationProblem("top(country, 1001)"))
			.isEqualTo(usage + "top(country, 1001) (1001 is not from 1 to 1000)");
		assertThat(aggregationProblem("top(country, 2.5)"))
			.isEqualTo(usage + "top(country, 2.5) ('2.5' is not a whole number)");
		assertThat(aggregationProblem("top(country, ten)"))
			.isEqualTo(usage + "top(country, ten) ('ten' is not a whole number)");
		String ok = GOOD.replace("views: count", "m: top(country, 1000)");
		assertThat(PipelineFileLoader.load("p.yaml", ok, null).pipeline("campaign-views").orElseThrow().aggregates())
			.first()
			.extracting(AggregateSpec::params)
			.isEqualTo(List.of(1000.0));
	}

	@Test
	void theOtherAggregationsTakeExactlyOneField() {
		for (String fn : List.of("sum", "min", "max", "avg", "stddev", "distinct", "first", "last")) {
			String usage = "p.yaml:19:10: pipelines.campaign-views.aggregate.m: " + fn + " takes one argument, a field "
					+ "name, e.g. " + fn + "(latency_ms); got ";
			assertThat(aggregationProblem(fn)).isEqualTo(usage + fn);
			assertThat(aggregationProblem(fn + "()")).isEqualTo(usage + fn + "()");
			assertThat(aggregationProblem(fn + "(a, b)")).isEqualTo(usage + fn + "(a, b)");
			assertThat(aggregationProblem(fn + "(a, 0.5)")).isEqualTo(usage + fn + "(a, 0.5)");
			assertThat(aggregationProblem(fn + "(1a)")).endsWith(": '1a' is not a field name");
		}
		assertThat(aggregationProblem("count(a)"))
			.isEqualTo("p.yaml:19:10: pipelines.campaign-views.aggregate.m: count takes no arguments, got 1");
	}

	@Test
	void reportsMalformedYamlWithItsPlace() {
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> PipelineFileLoader.load("p.yaml", "pipelines:\n  a: [unclosed\n", null))
			.withMessageContaining("p.yaml:3:1: not valid YAML");
	}

	@Test
	void requiresTheEssentials() {
		String bad = """
				streams: { s: {} }
				pipelines:
				  p:
				    source: s
				""";

		assertThatExceptionOfType(PipelineFileException.class).isThrownBy(() -> PipelineFileLoader.load("p.yaml", bad, null))
			.satisfies((ex) -> assertThat(ex.problems()).containsExactlyInAnyOrder(
					"p.yaml:4:5: pipelines.p: 'key-by' is required", "p.yaml:4:5: pipelines.p: 'window' is required",
					"p.yaml:4:5: pipelines.p: 'aggregate' is required (e.g. 'aggregate: { views: count }')"));
	}

	@Test
	void parsesDurationsAsUsersWriteThem() {
		assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
		assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
		assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
		assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
		assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
	}

}
