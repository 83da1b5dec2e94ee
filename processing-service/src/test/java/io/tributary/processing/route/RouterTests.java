package io.tributary.processing.route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Event;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.Partitions;
import io.tributary.contract.Redrive;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.contract.pipeline.PipelineFileLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RouterTests {

	private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

	private static final Map<String, Object> CAMPAIGNS = Map.of("ad-1", "camp-a", "ad-2", "camp-b", "ad-3", 7L);

	private static final LookupSource LOOKUPS = (table, key) -> "campaigns".equals(table) ? CAMPAIGNS.get(key) : null;

	private static PipelineFile file(String filter, String keyBy, String aggregate) {
		return PipelineFileLoader.load("p.yaml", """
				streams: { ad-events: { time-field: event_time, id-field: event_id } }
				lookups: { campaigns: {} }
				pipelines:
				  views:
				    source: ad-events
				    filter: %s
				    enrich:
				      - { lookup: campaigns, key: event.ad_id, as: campaign_id }
				    key-by: %s
				    window: { type: tumbling, size: 10s }
				    aggregate: { %s }
				""".formatted(filter, keyBy, aggregate), null);
	}

	private static Event event(String id, Map<String, Object> data) {
		return new Event(id, "ing-" + id, "ad-events", T, T, data);
	}

	private final Router router = new Router(file("event.event_type == \"view\"", "campaign_id", "views: count, lat: avg(latency_ms)"),
			LOOKUPS, 8, CLOCK);

	@Test
	void keepsMatchingEventsEnrichesAndKeysThem() {
		RouteResult result = this.router.route(List.of(
				event("e1", Map.of("event_type", "view", "ad_id", "ad-1", "latency_ms", 12L, "ip", "1.2.3.4")),
				event("e2", Map.of("event_type", "click", "ad_id", "ad-1", "latency_ms", 5L)),
				event("e3", Map.of("event_type", "view", "ad_id", "ad-2", "latency_ms", 3.5))));

		assertThat(result.filteredOut()).isEqualTo(1);
		assertThat(result.deadLetters()).isEmpty();
		List<KeyedEvent> all = result.byPartition().values().stream().flatMap(List::stream).toList();
		assertThat(all).extracting(KeyedEvent::eventId, KeyedEvent::key, KeyedEvent::values)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("e1", "camp-a", Map.of("latency_ms", 12L)),
					org.assertj.core.groups.Tuple.tuple("e3", "camp-b", Map.of("latency_ms", 3.5)));
		result.byPartition().forEach((partition, events) -> events
			.forEach((e) -> assertThat(partition).isEqualTo(Partitions.of("views", e.key(), 8))));
		KeyedEvent e1 = all.stream().filter((e) -> e.eventId().equals("e1")).findFirst().orElseThrow();
		assertThat(e1.ingestId()).isEqualTo("ing-e1");
		assertThat(e1.eventTime()).isEqualTo(T);
	}

	@Test
	void sendsARedrivenEventOnlyToThePipelineThatDeadLetteredItAndKeepsItsIngestIdInADeadLetter() {
		PipelineFile two = PipelineFileLoader.load("p.yaml", """
				streams: { ad-events: { time-field: event_time, id-field: event_id } }
				lookups: { campaigns: {} }
				pipelines:
				  views:
				    source: ad-events
				    enrich:
				      - { lookup: campaigns, key: event.ad_id, as: campaign_id }
				    key-by: campaign_id
				    window: { type: tumbling, size: 10s }
				    aggregate: { n: count }
				  by-ad:
				    source: ad-events
				    key-by: event.ad_id
				    window: { type: tumbling, size: 10s }
				    aggregate: { n: count }
				""", null);
		Router router = new Router(two, LOOKUPS, 8, CLOCK);
		Map<String, Object> data = Map.of("ad_id", "ad-1");

		RouteResult plain = router.route(List.of(event("e1", data)));
		RouteResult redriven = router.route(List.of(new Event("e1", "redrive-1", "ad-events", T, T, data,
				new Redrive("views", T))));
		RouteResult toAll = router.route(List.of(new Event("e1", "redrive-2", "ad-events", T, T, data,
				new Redrive(null, T))));
		RouteResult failing = router.route(List.of(new Event("e2", "redrive-3", "ad-events", T, T,
				Map.of("ad_id", "ad-404"), new Redrive("views", T))));

		assertThat(pipelines(plain)).containsExactlyInAnyOrder("views", "by-ad");
		assertThat(pipelines(redriven)).containsExactly("views");
		assertThat(pipelines(toAll)).containsExactlyInAnyOrder("views", "by-ad");
		Instant firstAccepted = T.minus(Duration.ofDays(2));
		RouteResult redrivenLater = router.route(List.of(new Event("e1", "redrive-4", "ad-events", T, firstAccepted,
				data, new Redrive("views", T))));
		assertThat(redrivenLater.byPartition().values().stream().flatMap(List::stream).map(KeyedEvent::ingestTime))
			.as("accepted again when redriven").containsExactly(T);
		assertThat(failing.byPartition()).isEmpty();
		assertThat(failing.deadLetters()).singleElement().satisfies((d) -> {
			assertThat(d.id()).isEqualTo("views|e2");
			assertThat(d.ingestId()).isEqualTo("redrive-3");
			assertThat(d.ingestTime()).isEqualTo(T);
		});
	}

	private static List<String> pipelines(RouteResult result) {
		return result.byPartition().values().stream().flatMap(List::stream).map(KeyedEvent::pipeline).toList();
	}

	@Test
	void turnsNumericLookupValuesIntoKeyText() {
		RouteResult result = this.router.route(List.of(event("e1", Map.of("event_type", "view", "ad_id", "ad-3"))));

		assertThat(result.byPartition().values().iterator().next()).singleElement()
			.satisfies((e) -> assertThat(e.key()).isEqualTo("7"));
	}

	@Test
	void deadLettersEventsItCannotProcessWithTheReason() {
		RouteResult result = this.router.route(List.of(event("no-type", Map.of("ad_id", "ad-1")),
				event("no-ad", Map.of("event_type", "view", "ad_id", "ad-404")),
				event("good", Map.of("event_type", "view", "ad_id", "ad-1"))));

		assertThat(result.deadLetters()).extracting((d) -> d.eventId()).containsExactly("no-type", "no-ad");
		assertThat(result.deadLetters().get(0).reason()).startsWith("'event.event_type == \"view\"' failed")
			.contains("event_type");
		assertThat(result.deadLetters().get(1).reason())
			.isEqualTo("enrich 'campaign_id': lookup 'campaigns' has no entry for key 'ad-404'");
		assertThat(result.deadLetters()).allSatisfy((d) -> {
			assertThat(d.pipeline()).isEqualTo("views");
			assertThat(d.stream()).isEqualTo("ad-events");
			assertThat(d.recordedAt()).isEqualTo(T);
		});
		assertThat(result.byPartition().values().stream().mapToInt(List::size).sum()).isEqualTo(1);
	}

	@Test
	void aFilterThatIsNotBooleanIsADeadLetterNotACrash() {
		Router r = new Router(file("event.ad_id", "campaign_id", "views: count"), LOOKUPS, 8, CLOCK);

		RouteResult result = r.route(List.of(event("e", Map.of("ad_id", "ad-1"))));

		assertThat(result.deadLetters()).singleElement()
			.satisfies((d) -> assertThat(d.reason()).isEqualTo("filter 'event.ad_id' gave a String, not true/false"));
	}

	@Test
	void derivedFieldsFromLetFeedTheKeyAndTheAggregations() {
		PipelineFile file = PipelineFileLoader.load("p.yaml", """
				streams: { ad-events: { time-field: event_time, id-field: event_id } }
				lookups: { campaigns: {} }
				pipelines:
				  views:
				    source: ad-events
				    enrich:
				      - { lookup: campaigns, key: event.ad_id, as: campaign_id }
				    let:
				      latency_s: double(event.latency_ms) / 1000.0
				      region: 'event.country in ["DE", "FR"] ? "eu" : "other"'
				      bucket: campaign_id + "@" + region
				    key-by: bucket
				    window: { type: tumbling, size: 10s }
				    aggregate: { p: avg(latency_s) }
				""", null);
		Router r = new Router(file, LOOKUPS, 8, CLOCK);

		RouteResult result = r.route(List.of(event("e1", Map.of("ad_id", "ad-1", "latency_ms", 250L, "country", "DE")),
				event("e2", Map.of("ad_id", "ad-2", "latency_ms", 1500L, "country", "US")),
				event("bad", Map.of("ad_id", "ad-2", "latency_ms", "slow", "country", "US"))));

		List<KeyedEvent> all = result.byPartition().values().stream().flatMap(List::stream).toList();
		assertThat(all).extracting(KeyedEvent::eventId, KeyedEvent::key, KeyedEvent::values)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("e1", "camp-a@eu", Map.of("latency_s", 0.25)),
					org.assertj.core.groups.Tuple.tuple("e2", "camp-b@other", Map.of("latency_s", 1.5)));
		// a let that cannot be evaluated makes the event a dead letter with the reason
		assertThat(result.deadLetters()).singleElement().satisfies((d) -> {
			assertThat(d.eventId()).isEqualTo("bad");
			assertThat(d.reason()).startsWith("'double(event.latency_ms) / 1000.0' failed");
		});
	}

	@Test
	void evaluatesRealCelExpressionsForKeys() {
		Router r = new Router(file("has(event.event_type) && event.latency_ms > 10", "campaign_id + \"/\" + event.event_type",
				"views: count"), LOOKUPS, 8, CLOCK);

		RouteResult result = r.route(List.of(event("a", Map.of("event_type", "view", "ad_id", "ad-2", "latency_ms", 11.5)),
				event("b", Map.of("event_type", "view", "ad_id", "ad-2", "latency_ms", 10L)),
				event("c", Map.of("ad_id", "ad-2", "latency_ms", 99L))));

		assertThat(result.byPartition().values().stream().flatMap(List::stream).map(KeyedEvent::key))
			.containsExactly("camp-b/view");
		assertThat(result.filteredOut()).isEqualTo(2);
	}

	@Test
	void boundsComprehensionsSoHostileExpressionsCannotSpin() {
		Router r = new Router(file("'[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, true)))))'",
				"campaign_id", "views: count"), LOOKUPS, 8, CLOCK);

		RouteResult result = r.route(List.of(event("a", Map.of("event_type", "view", "ad_id", "ad-1"))));

		assertThat(result.deadLetters()).singleElement()
			.satisfies((d) -> assertThat(d.reason()).containsIgnoringCase("iteration"));
	}

	@Test
	void failsAtStartUpWithThePlaceOfABadExpression() {
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> new Router(file("event.event_type ==", "campaign_id", "views: count"), LOOKUPS, 8, CLOCK))
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.satisfies((p) -> assertThat(p).startsWith("p.yaml:6:13 (pipelines.views.filter): not a valid expression")));
	}

	@Test
	void failsAtStartUpWhenAnExpressionNamesAnUnknownVariable() {
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> new Router(file("true", "campaign_id + unknown_thing", "views: count"), LOOKUPS, 8, CLOCK))
			.withMessageContaining("pipelines.views.key-by").withMessageContaining("unknown_thing");
	}

}
