package io.tributary.ingestion;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event times far in the future against the whole service on the real RabbitMQ: an HTTP request
 * holding one is refused with a 400 problem naming it and nothing of the request reaches
 * {@code <ns>.events}; a broker message holding one is dead-lettered with that reason and not
 * forwarded; an event time within the stream's {@code max-future} still goes through.
 */
class EventTimeLimitIT extends IngestionTestBed {

	private static final String NS = TestInfrastructure.newNamespace("time-it");

	/** A queue of the test's own, bound to the events exchange like processing's. */
	private static final String TAP = IngestionTestBed.tap(NS);

	private static final String DLQ = NS + ".ingest.ingestion.dlq";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
	}

	EventTimeLimitIT() {
		super(NS);
	}

	@BeforeEach
	void emptyQueues() {
		this.admin.purgeQueue(TAP, false);
		this.admin.purgeQueue(DLQ, false);
	}

	@Test
	void refusesARequestWithOneFarFutureEventAndPublishesNothingOfIt() {
		long hourAhead = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
		HttpResponse<String> response = this.http.post("/api/v1/streams/orders/events", "application/json", """
				[{"order_id": "t-1", "amount": 1},
				 {"order_id": "t-2", "amount": 1, "occurred_at": "9999-01-01T00:00:00Z"},
				 {"order_id": "t-3", "amount": 1, "occurred_at": %d}]""".formatted(hourAhead));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = WireFormat.mapper().readTree(response.body());
		assertThat(problem.get("detail").asString()).isEqualTo("2 of 3 event(s) are invalid; nothing was accepted");
		assertThat(problem.get("invalidEvents").asInt()).isEqualTo(2);
		assertThat(problem.get("errors").get(0).get("index").asInt()).isEqualTo(1);
		assertThat(problem.get("errors").get(0).get("message").asString())
			.startsWith("event 't-2': event time 9999-01-01T00:00:00Z is after ")
			.contains("ingestion's clock plus the stream's max-future of 5m (streams.orders.max-future)");
		assertThat(problem.get("errors").get(1).get("index").asInt()).isEqualTo(2);
		assertThat(problem.get("errors").get(1).get("message").asString())
			.startsWith("event 't-3': event time " + Instant.ofEpochMilli(hourAhead) + " is after ");

		// Anything the refused request had published would be queued before this marker.
		assertThat(this.http.post("/api/v1/streams/clicks/events", "application/json", "{\"marker\": true}")
			.statusCode()).isEqualTo(202);
		EventBatch first = WireFormat.read(this.rabbit.receive(TAP, 5000).getBody(), EventBatch.class);
		assertThat(first.events()).singleElement().satisfies((e) -> assertThat(e.stream()).isEqualTo("clicks"));
		assertThat(this.rabbit.receive(TAP, 200)).isNull();
	}

	@Test
	void acceptsAnEventTimeWithinTheStreamsMaxFuture() {
		Instant minuteAhead = Instant.ofEpochMilli(Instant.now().plus(Duration.ofMinutes(1)).toEpochMilli());
		HttpResponse<String> response = this.http.post("/api/v1/streams/orders/events", "application/json",
				"{\"order_id\": \"soon\", \"amount\": 1, \"occurred_at\": \"%s\"}".formatted(minuteAhead));

		assertThat(response.statusCode()).isEqualTo(202);
		EventBatch batch = WireFormat.read(this.rabbit.receive(TAP, 5000).getBody(), EventBatch.class);
		assertThat(batch.events()).singleElement().satisfies((e) -> {
			assertThat(e.id()).isEqualTo("soon");
			assertThat(e.eventTime()).isEqualTo(minuteAhead);
		});
	}

	@Test
	void deadLettersABrokerMessageWithAFarFutureEventWithTheReason() {
		String body = "[{\"order_id\": \"b-1\", \"amount\": 1}, "
				+ "{\"order_id\": \"b-2\", \"amount\": 1, \"occurred_at\": \"9999-01-01T00:00:00Z\"}]";
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		properties.setMessageId("future-1");
		this.rabbit.send(NS + ".ingest", "orders", new Message(body.getBytes(StandardCharsets.UTF_8), properties));

		Message dead = this.rabbit.receive(DLQ, 10_000);
		assertThat(dead).isNotNull();
		assertThat(dead.getMessageProperties().getMessageId()).isEqualTo("future-1");
		assertThat(dead.getMessageProperties().<String>getHeader(Headers.REJECT_REASON))
			.startsWith("1 of 2 event(s) are invalid; nothing was accepted; [1] event 'b-2': event time "
					+ "9999-01-01T00:00:00Z is after ")
			.contains("ingestion's clock plus the stream's max-future of 5m (streams.orders.max-future)");
		assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo(body);
		// A message is either forwarded or dead-lettered: it was dead-lettered, so nothing may be here.
		assertThat(this.admin.getQueueInfo(TAP).getMessageCount()).as("nothing forwarded").isZero();
		assertThat(this.rabbit.receive(TAP, 300)).isNull();
	}

	@Test
	void keepsEveryEventOfAStreamWithoutATimeFieldAtItsIngestionTime() {
		HttpResponse<String> response = this.http.post("/api/v1/streams/clicks/events", "application/json",
				"{\"at\": \"9999-01-01T00:00:00Z\"}");

		assertThat(response.statusCode()).isEqualTo(202);
		Event event = WireFormat.read(this.rabbit.receive(TAP, 5000).getBody(), EventBatch.class).events().get(0);
		assertThat(event.eventTime()).isEqualTo(event.ingestTime());
	}

}
