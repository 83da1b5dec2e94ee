package io.tributary.processing.route;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tributary.contract.DataProjection;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the router reads of the events' data (its {@link Router#projection()}), written out by hand
 * per expression shape, and routing events read so against routing the same bytes read whole: the
 * same keyed events, filtered counts and dead letters (whose data is the whole event's).
 */
class RouterProjectionTests {

	private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

	private static final LookupSource LOOKUPS = (table, key) -> key.startsWith("ad-") && !key.equals("ad-9")
			? "camp-" + key.substring(3) : null;

	private static PipelineFile file(String filter, String let, String keyBy, String aggregate) {
		return PipelineFileLoader.load("p.yaml", """
				streams: { ad-events: {}, clicks: {} }
				lookups: { campaigns: {} }
				pipelines:
				  views:
				    source: ad-events
				    filter: '%s'
				    enrich:
				      - { lookup: campaigns, key: event.ad_id, as: campaign_id }
				    let: { region: '%s' }
				    key-by: %s
				    window: { type: tumbling, size: 10s }
				    aggregate: { %s }
				  clicks:
				    source: clicks
				    key-by: user
				    window: { type: tumbling, size: 10s }
				    aggregate: { n: count }
				""".formatted(filter, let, keyBy, aggregate), null);
	}

	@Test
	void readsTheFieldsItsExpressionsName() {
		Router router = new Router(file("event.event_type == \"view\" && has(event.country)", "event.geo.region",
				"campaign_id", "views: count, lat: avg(latency_ms)"), LOOKUPS, 8, CLOCK);
		assertThat(router.projection().fields("ad-events"))
			.containsExactlyInAnyOrder("event_type", "country", "ad_id", "geo", "latency_ms");
		assertThat(router.projection().fields("clicks")).containsExactly("user");
		assertThat(router.projection().fields("unread")).isNull();
	}

	@Test
	void readsTheWholeEventWhereAnExpressionMayReadAnyField() {
		for (String filter : List.of("event[\"event_type\"] == \"view\"", "size(event) > 2",
				"[1].exists(event, event > 0)")) {
			Router router = new Router(file(filter, "event.geo", "campaign_id", "views: count"), LOOKUPS, 8, CLOCK);
			assertThat(router.projection().fields("ad-events")).as(filter).isNull();
			assertThat(router.projection().fields("clicks")).as(filter).containsExactly("user");
		}
		Router whole = new Router(file("true", "event", "campaign_id", "views: count"), LOOKUPS, 8, CLOCK);
		assertThat(whole.projection().fields("ad-events")).isNull();
	}

	@Test
	void routesProjectedReadsAsWholeReads() {
		Router router = new Router(file("event.event_type == \"view\"", "event.geo.region", "campaign_id",
				"views: count, lat: avg(latency_ms)"), LOOKUPS, 8, CLOCK);
		Random random = new Random(11);
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("user_id", "u" + random.nextInt(50));
			if (random.nextInt(20) != 0) {
				data.put("ad_id", "ad-" + random.nextInt(10)); // ad-9 has no campaign: a dead letter
			}
			data.put("event_type", random.nextBoolean() ? "view" : "click");
			if (random.nextBoolean()) {
				data.put("geo", Map.of("region", "r" + random.nextInt(3)));
			}
			data.put("latency_ms", (long) random.nextInt(500));
			data.put("ip", "10.0.0." + random.nextInt(255));
			events.add(new Event("e" + i, "g" + i, (i % 5 == 0) ? "clicks" : "ad-events", T, T, data));
		}
		byte[] payload = WireFormat.write(new EventBatch(events));
		RouteResult whole = router.route(WireFormat.read(payload, EventBatch.class).events());
		RouteResult projected = router.route(WireFormat.read(payload, router.projection()).events());
		assertThat(projected.byPartition()).isEqualTo(whole.byPartition());
		assertThat(projected.filteredOut()).isEqualTo(whole.filteredOut()).isPositive();
		assertThat(projected.deadLetters()).isEqualTo(whole.deadLetters()).isNotEmpty();
		// a dead letter carries the whole event as it was published
		assertThat(WireFormat.writeString(projected.deadLetters().getFirst()))
			.isEqualTo(WireFormat.writeString(whole.deadLetters().getFirst()))
			.contains("\"ip\"", "\"user_id\"");
		assertThat(router.projection().fields("ad-events")).isEqualTo(Set.of("event_type", "ad_id", "geo", "latency_ms"));
		assertThat(router.projection()).isNotEqualTo(DataProjection.all());
	}

}
