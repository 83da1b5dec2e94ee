package io.tributary.processing.window;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.processing.route.RouteResult;
import io.tributary.processing.route.Router;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11's far-future event through the real route stage and engine: events whose time is past
 * processing's clock plus the stream's {@code max-future} are dead letters of no pipeline, and every
 * normal event around them is counted in its window, as a reference computed here from the events
 * says; none is late. Without the guard the year-9999 event would move the watermark to the year
 * 10000 and every later event would be late.
 */
class FarFutureEventTests {

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	/** Processing's clock: two minutes after the first normal event. */
	private static final Instant NOW = T0.plus(Duration.ofMinutes(2));

	private static final long SIZE = 10_000;

	private static final PipelineFile FILE = PipelineFileLoader.load("p.yaml", """
			streams:
			  ad-events: { time-field: event_time, id-field: event_id, max-future: 1m }
			pipelines:
			  views:
			    source: ad-events
			    filter: event.event_type == "view"
			    key-by: user
			    window: { type: tumbling, size: 10s, allowed-lateness: 5s }
			    watermark: { max-out-of-orderness: 2s, idle-timeout: 10s }
			    aggregate: { views: count, total: sum(v) }
			""", null);

	private record WindowKey(String key, long start) {
	}

	private record Expected(long views, long total) {
	}

	private static Event event(String id, Instant time, String user, String type, long v) {
		return new Event(id, "ingest-" + id, "ad-events", time, NOW,
				Map.of("event_id", id, "event_time", time.toString(), "user", user, "event_type", type, "v", v));
	}

	@Test
	void normalEventsAfterAFarFutureOneAreCountedInTheirWindows() {
		Random random = new Random(11);
		List<Event> events = new ArrayList<>();
		Map<WindowKey, Expected> reference = new HashMap<>();
		List<String> refused = new ArrayList<>();
		// the event first, with a user every later event also has; then two minutes of normal
		// events, with a far-future one every 50 (an hour ahead, and 1 ms past the limit)
		events.add(event("far-0", Instant.parse("9999-12-31T23:59:59.999Z"), "user-0", "view", 1));
		refused.add("far-0");
		Instant limit = NOW.plus(Duration.ofMinutes(1));
		Instant latestView = Instant.MIN;
		for (int i = 0; i < 600; i++) {
			if (i % 50 == 25) {
				String id = "far-" + i;
				events.add(event(id, i % 100 == 25 ? NOW.plus(Duration.ofHours(1)) : limit.plusMillis(1),
						"user-" + random.nextInt(4), "view", 1));
				refused.add(id);
			}
			// in time order but for up to a second of disorder, within max-out-of-orderness
			Instant time = T0.plusMillis(i * 200L + random.nextInt(1000));
			String user = "user-" + random.nextInt(4);
			String type = random.nextInt(5) == 0 ? "click" : "view";
			long v = random.nextInt(100);
			events.add(event("e-" + i, time, user, type, v));
			if (type.equals("view")) {
				latestView = latestView.isAfter(time) ? latestView : time;
				WindowKey window = new WindowKey(user, Math.floorDiv(time.toEpochMilli(), SIZE) * SIZE);
				Expected before = reference.getOrDefault(window, new Expected(0, 0));
				reference.put(window, new Expected(before.views() + 1, before.total() + v));
			}
		}

		// one partition: without the guard, the far-future event would share every key's watermark
		RouteResult routed = new Router(FILE, (table, key) -> null, 1, Clock.fixed(NOW, ZoneOffset.UTC)).route(events);
		PartitionProcessor processor = new PartitionProcessor(0, FILE.pipelines().values());
		for (KeyedEvent e : routed.byPartition().getOrDefault(0, List.of())) {
			processor.process(e, NOW);
		}
		assertThat(processor.watermarks().get("views")).as("the watermark stays with the normal events")
			.isEqualTo(latestView.minusSeconds(2));
		Fixtures.advanceQuiet(processor, NOW.plus(Duration.ofDays(1)));
		ResultBatch outbox = processor.checkpoint().outbox();

		assertThat(routed.deadLetters()).extracting(DeadLetterRecord::eventId).containsExactlyElementsOf(refused);
		assertThat(routed.tooFarAhead()).isEqualTo(refused.size());
		assertThat(routed.deadLetters()).allSatisfy((d) -> {
			assertThat(d.pipeline()).isNull();
			assertThat(d.stream()).isEqualTo("ad-events");
			assertThat(d.recordedAt()).isEqualTo(NOW);
			assertThat(d.reason()).contains("is after " + limit + ", processing's clock plus the stream's max-future "
					+ "of 1m (streams.ad-events.max-future)");
		});
		assertThat(outbox.late()).as("no normal event is late").isEmpty();
		Map<WindowKey, Expected> counted = new HashMap<>();
		for (WindowResult r : outbox.results()) {
			assertThat(r.isFinal()).isTrue();
			counted.put(new WindowKey(r.key(), r.windowStart().toEpochMilli()), new Expected(
					((Number) r.metrics().get("views")).longValue(), ((Number) r.metrics().get("total")).longValue()));
		}
		assertThat(counted).isEqualTo(reference);
	}

}
