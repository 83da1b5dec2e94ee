package io.tributary.contract.pipeline;

import java.nio.file.Path;
import java.time.Duration;

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

	/** The example of PRODUCT.md, verbatim but for the two aggregations a later issue brings. */
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
			    emit: { every: 1s, final: true }
			    retention: 7d
			""";

	@Test
	void loadsTheProductExampleAsWritten(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
		java.nio.file.Files.createDirectories(dir.resolve("schemas"));
		java.nio.file.Files.writeString(dir.resolve("schemas/ad-event.json"), "{\"type\": \"object\"}");

		PipelineFile file = PipelineFileLoader.load("product.yaml", PRODUCT_EXAMPLE, dir);

		assertThat(file.stream("ad-events").orElseThrow().schema()).isEqualTo(dir.resolve("schemas/ad-event.json"));
		assertThat(file.pipeline("campaign-views").orElseThrow().aggregates()).extracting(AggregateSpec::name)
			.containsExactly("views");
	}

	@Test
	void saysTheProductExamplesLaterAggregationsAreNotAvailableYet(@org.junit.jupiter.api.io.TempDir Path dir)
			throws Exception {
		java.nio.file.Files.createDirectories(dir.resolve("schemas"));
		java.nio.file.Files.writeString(dir.resolve("schemas/ad-event.json"), "{\"type\": \"object\"}");
		String full = PRODUCT_EXAMPLE.replace("      views: count\n", """
				      views: count
				      users: distinct(user_id)
				      p99_latency: quantile(latency_ms, 0.99)
				""");

		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> PipelineFileLoader.load("product.yaml", full, dir))
			.satisfies((ex) -> assertThat(ex.problems()).containsExactly(
					"product.yaml:21:14: pipelines.campaign-views.aggregate.users: aggregation 'distinct' is not available yet; available: count, sum(f), min(f), max(f), avg(f)",
					"product.yaml:22:20: pipelines.campaign-views.aggregate.p99_latency: aggregation 'quantile' is not available yet; available: count, sum(f), min(f), max(f), avg(f)"));
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
					"p.yaml:19:14: pipelines.campaign-views.aggregate.views: unknown aggregation 'countt'; available: count, sum(f), min(f), max(f), avg(f)"));
	}

	@Test
	void rejectsUnknownPropertiesSoTyposDoNotPassSilently() {
		String bad = GOOD.replace("retention: 7d", "retension: 7d");

		assertThatExceptionOfType(PipelineFileException.class).isThrownBy(() -> PipelineFileLoader.load("p.yaml", bad, null))
			.withMessageContaining("p.yaml:22:5: pipelines.campaign-views.retension: unknown property 'retension'");
	}

	@Test
	void saysWhichAggregationsAreNotAvailableYet() {
		String bad = GOOD.replace("views: count", "users: distinct(user_id)");

		assertThatExceptionOfType(PipelineFileException.class).isThrownBy(() -> PipelineFileLoader.load("p.yaml", bad, null))
			.withMessageContaining("aggregation 'distinct' is not available yet");
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
