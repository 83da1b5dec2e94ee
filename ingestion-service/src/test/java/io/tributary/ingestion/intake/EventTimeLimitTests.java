package io.tributary.ingestion.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.ingestion.TestPipelines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Event times ahead of ingestion's clock: up to the stream's {@code max-future} (5 minutes unless
 * set; 1 minute on {@code readings}) they are accepted, one millisecond past it the whole request is
 * refused, naming the event, its time, the limit and the setting. Old event times are accepted.
 */
class EventTimeLimitTests {

	private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");

	private static final long NOW_MILLIS = NOW.toEpochMilli();

	private static final StreamCatalog CATALOG = StreamCatalog.of(TestPipelines.load());

	private final EventIntake intake = new EventIntake(CATALOG, new ReadLimits(10, 1 << 20, 1 << 20, 64, 1 << 20, 100, 1000), 10, Clock.fixed(NOW, ZoneOffset.UTC));

	private EventBatch accept(String stream, String body) {
		return this.intake.accept(stream, body.getBytes(StandardCharsets.UTF_8), BodyFormat.JSON, IdSource.fresh());
	}

	private InvalidRequestException rejected(String stream, String body) {
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class, () -> accept(stream, body));
		assertThat(ex).as("refused").isNotNull();
		return ex;
	}

	@Test
	void acceptsEventTimesUpToTheDefaultMaxFutureAhead() {
		long limit = NOW_MILLIS + Duration.ofMinutes(5).toMillis();
		EventBatch batch = accept("orders", """
				[{"order_id": "a", "amount": 1, "occurred_at": %d},
				 {"order_id": "b", "amount": 1, "occurred_at": "2025-01-02T03:09:05.678Z"},
				 {"order_id": "c", "amount": 1, "occurred_at": %d}]""".formatted(limit, NOW_MILLIS + 1));

		assertThat(batch.events()).extracting(Event::eventTime)
			.containsExactly(Instant.ofEpochMilli(limit), Instant.ofEpochMilli(limit), NOW.plusMillis(1));
	}

	@Test
	void refusesTheWholeRequestForOneEventAMillisecondPastTheLimit() {
		long limit = NOW_MILLIS + Duration.ofMinutes(5).toMillis();
		InvalidRequestException ex = rejected("orders", """
				[{"order_id": "a", "amount": 1, "occurred_at": %d},
				 {"order_id": "o-9", "amount": 1, "occurred_at": %d},
				 {"order_id": "c", "amount": 1}]""".formatted(limit, limit + 1));

		assertThat(ex.malformed()).isFalse();
		assertThat(ex.invalidEvents()).isEqualTo(1);
		assertThat(ex.getMessage()).isEqualTo("1 of 3 event(s) are invalid; nothing was accepted");
		assertThat(ex.errors()).singleElement().satisfies((e) -> {
			assertThat(e.index()).isEqualTo(1);
			assertThat(e.message()).isEqualTo("event 'o-9': event time 2025-01-02T03:09:05.679Z is after "
					+ "2025-01-02T03:09:05.678Z, ingestion's clock plus the stream's max-future of 5m "
					+ "(streams.orders.max-future); an event time that far ahead would move the watermark past "
					+ "everyone else's events");
		});
	}

	@Test
	void refusesTheYear9999AndReportsItWithTheOtherProblems() {
		InvalidRequestException ex = rejected("orders", """
				[{"order_id": "a", "amount": -1},
				 {"order_id": "far", "amount": 1, "occurred_at": "9999-01-01T00:00:00Z"}]""");

		assertThat(ex.invalidEvents()).isEqualTo(2);
		assertThat(ex.errors()).extracting(EventError::index).containsExactly(0, 1);
		assertThat(ex.errors().get(1).message()).startsWith("event 'far': event time 9999-01-01T00:00:00Z is after "
				+ "2025-01-02T03:09:05.678Z, ingestion's clock plus the stream's max-future of 5m");
	}

	@Test
	void appliesEachStreamsOwnMaxFuture() {
		long limit = NOW_MILLIS + Duration.ofMinutes(1).toMillis();
		assertThat(accept("readings", "{\"meta\": {\"id\": \"r-1\", \"ts\": %d}}".formatted(limit)).events())
			.singleElement()
			.satisfies((e) -> assertThat(e.eventTime()).isEqualTo(Instant.ofEpochMilli(limit)));

		InvalidRequestException ex = rejected("readings", """
				{"meta": {"id": "r-2", "ts": "2025-01-02T03:05:05.679Z"}}""");
		assertThat(ex.errors()).singleElement()
			.satisfies((e) -> assertThat(e.message()).startsWith("event 'r-2': event time 2025-01-02T03:05:05.679Z is after "
					+ "2025-01-02T03:05:05.678Z, ingestion's clock plus the stream's max-future of 1m (streams.readings.max-future)"));
	}

	@Test
	void namesTheEventOnlyByItsIndexWhenTheStreamGeneratesIds() {
		// clicks has no time field: its events take the ingestion time, which is never ahead
		assertThat(accept("clicks", "{\"at\": \"9999-01-01T00:00:00Z\"}").events()).singleElement()
			.satisfies((e) -> assertThat(e.eventTime()).isEqualTo(NOW));
		// a stream with a time field but generated ids
		EventIntake noIds = new EventIntake(StreamCatalog.of(io.tributary.contract.pipeline.PipelineFileLoader.load("p.yaml", """
				streams: { s: { time-field: at, max-future: 10s } }
				pipelines:
				  p: { source: s, key-by: k, window: { type: tumbling, size: 10s }, aggregate: { n: count } }
				""", null)), new ReadLimits(10, 1 << 20, 1 << 20, 64, 1 << 20, 100, 1000), 10, Clock.fixed(NOW, ZoneOffset.UTC));
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> noIds.accept("s", "[{}, {\"at\": \"2025-01-02T03:05:00Z\"}]".getBytes(StandardCharsets.UTF_8),
						BodyFormat.JSON, IdSource.fresh()));
		assertThat(ex.errors()).singleElement().satisfies((e) -> {
			assertThat(e.index()).isEqualTo(1);
			assertThat(e.message()).isEqualTo("event time 2025-01-02T03:05:00Z is after 2025-01-02T03:04:15.678Z, "
					+ "ingestion's clock plus the stream's max-future of 10s (streams.s.max-future); an event time "
					+ "that far ahead would move the watermark past everyone else's events");
		});
	}

	@Test
	void acceptsOldEventTimes() {
		EventBatch batch = accept("orders", """
				[{"order_id": "a", "amount": 1, "occurred_at": "0001-01-01T00:00:00Z"},
				 {"order_id": "b", "amount": 1, "occurred_at": 0}]""");

		assertThat(batch.events()).extracting(Event::eventTime)
			.containsExactly(Instant.parse("0001-01-01T00:00:00Z"), Instant.EPOCH);
	}

}
