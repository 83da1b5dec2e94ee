package io.tributary.processing.route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route stage's guard on event times: up to processing's clock plus the stream's
 * {@code max-future} an event is routed; past it, it becomes one dead letter of no pipeline with the
 * reason, however many pipelines read the stream. Old event times are routed.
 */
class RouterEventTimeTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	/** Stream {@code a} with the default max-future (5m) read by two pipelines, {@code b} with 30s. */
	private static final PipelineFile FILE = PipelineFileLoader.load("p.yaml", """
			streams:
			  a: { time-field: t }
			  b: { time-field: t, max-future: 30s }
			pipelines:
			  a1: { source: a, key-by: k, window: { type: tumbling, size: 10s }, aggregate: { n: count } }
			  a2: { source: a, key-by: k, window: { type: tumbling, size: 1m }, aggregate: { n: count } }
			  b1: { source: b, key-by: k, window: { type: tumbling, size: 10s }, aggregate: { n: count } }
			""", null);

	private final Router router = new Router(FILE, (table, key) -> null, 4, Clock.fixed(NOW, ZoneOffset.UTC));

	private static Event event(String id, String stream, Instant time) {
		return new Event(id, "ingest-" + id, stream, time, NOW, Map.of("k", "key-" + id));
	}

	private RouteResult route(Event... events) {
		return this.router.route(List.of(events));
	}

	private static List<String> routedIds(RouteResult result) {
		return result.byPartition().values().stream().flatMap(List::stream).map(KeyedEvent::eventId).distinct().toList();
	}

	@Test
	void routesAnEventAtTheLimitAndDeadLettersOneAMillisecondPastIt() {
		Instant limit = NOW.plus(Duration.ofMinutes(5));
		RouteResult result = route(event("at", "a", limit), event("past", "a", limit.plusMillis(1)),
				event("sub-ms", "a", limit.plusNanos(999_999)));

		assertThat(routedIds(result)).containsExactlyInAnyOrder("at", "sub-ms");
		assertThat(result.tooFarAhead()).isEqualTo(1);
		assertThat(result.byPartition().values().stream().mapToInt(List::size).sum()).as("two pipelines each").isEqualTo(4);
		assertThat(result.deadLetters()).singleElement().satisfies((d) -> {
			assertThat(d.eventId()).isEqualTo("past");
			assertThat(d.pipeline()).as("refused before any pipeline: one dead letter").isNull();
			assertThat(d.stream()).isEqualTo("a");
			assertThat(d.eventTime()).isEqualTo(limit.plusMillis(1));
			assertThat(d.recordedAt()).isEqualTo(NOW);
			assertThat(d.data()).isEqualTo(Map.of("k", "key-past"));
			assertThat(d.reason()).isEqualTo("event time 2026-03-01T10:05:00.001Z is after 2026-03-01T10:05:00Z, "
					+ "processing's clock plus the stream's max-future of 5m (streams.a.max-future); an event time "
					+ "that far ahead would move the watermark past everyone else's events");
		});
	}

	@Test
	void appliesEachStreamsOwnMaxFuture() {
		Instant minuteAhead = NOW.plus(Duration.ofMinutes(1));
		RouteResult result = route(event("a-1", "a", minuteAhead), event("b-1", "b", minuteAhead),
				event("b-2", "b", NOW.plusSeconds(30)));

		assertThat(routedIds(result)).containsExactlyInAnyOrder("a-1", "b-2");
		assertThat(result.deadLetters()).extracting(DeadLetterRecord::eventId).containsExactly("b-1");
		assertThat(result.deadLetters().get(0).reason())
			.contains("is after 2026-03-01T10:00:30Z, processing's clock plus the stream's max-future of 30s (streams.b.max-future)");
	}

	@Test
	void deadLettersEventTimesBeyondTheMillisecondRangeWithoutFailing() {
		RouteResult result = route(event("max", "a", Instant.MAX), event("y9999", "a", Instant.parse("9999-12-31T23:59:59Z")),
				event("ok", "a", NOW));

		assertThat(routedIds(result)).containsExactly("ok");
		assertThat(result.deadLetters()).extracting(DeadLetterRecord::eventId).containsExactly("max", "y9999");
		assertThat(result.tooFarAhead()).isEqualTo(2);
	}

	@Test
	void routesOldEventTimes() {
		RouteResult result = route(event("old", "b", Instant.parse("0001-01-01T00:00:00Z")),
				event("epoch", "b", Instant.EPOCH), event("min", "b", Instant.MIN));

		assertThat(routedIds(result)).containsExactlyInAnyOrder("old", "epoch", "min");
		assertThat(result.deadLetters()).isEmpty();
		assertThat(result.tooFarAhead()).isZero();
	}

}
