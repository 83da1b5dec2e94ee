package io.tributary.processing.stream;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.publish.ConfirmedPublisher.Outgoing;
import io.tributary.processing.route.Router;
import io.tributary.support.broker.FailureBackoff;
import org.junit.jupiter.api.Test;

import org.springframework.integration.amqp.inbound.AmqpInboundChannelAdapter;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * The route stage names, in each dead letter and keyed event, the API key whose request published the
 * event: read per message from the batch's headers as the RabbitMQ and the Kafka binders list them; a
 * message without the header (a broker publisher, an older message) names none.
 */
class RouteStageTests {

	private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	private final List<Outgoing> published = new ArrayList<>();

	private final RouteStage stage;

	RouteStageTests() {
		ConfirmedPublisher publisher = mock(ConfirmedPublisher.class);
		willAnswer((call) -> this.published.addAll(call.getArgument(0))).given(publisher).publishAll(any());
		Router router = new Router(PipelineFileLoader.load(Path.of("src/test/resources/it-pipelines.yaml")),
				(table, key) -> "u1".equals(key) ? "eu" : null, 8, Clock.fixed(NOW, ZoneOffset.UTC));
		this.stage = new RouteStage(router, publisher, new SimpleMeterRegistry());
	}

	@Test
	void deadLettersAndKeyedEventsNameTheKeyOfTheirMessageFromRabbitMqBatchHeaders() {
		Message<List<byte[]>> batch = MessageBuilder
			.withPayload(List.of(batchOf(click("k1", "u9"), click("k2", "u1")), batchOf(click("n1", "u9"))))
			.setHeader(AmqpInboundChannelAdapter.CONSOLIDATED_HEADERS,
					List.of(Map.of(Headers.API_KEY_NAME, "billing-publisher", "amqp_receivedRoutingKey", "clicks"),
							Map.of("amqp_receivedRoutingKey", "clicks")))
			.build();

		this.stage.handle(batch);

		assertThat(deadLetters()).extracting(DeadLetterRecord::eventId, DeadLetterRecord::apiKey)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("k1", "billing-publisher"),
					org.assertj.core.groups.Tuple.tuple("n1", null));
		assertThat(keyed()).singleElement().satisfies((k) -> {
			assertThat(k.eventId()).isEqualTo("k2");
			assertThat(k.apiKey()).isEqualTo("billing-publisher");
		});
	}

	@Test
	void readsTheKeyFromKafkaBatchHeadersSentAsBytes() {
		Message<List<byte[]>> batch = MessageBuilder.withPayload(List.of(batchOf(click("k1", "u9"))))
			.setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS,
					List.of(Map.of(Headers.API_KEY_NAME, "billing-publisher".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
			.build();

		this.stage.handle(batch);

		assertThat(deadLetters()).singleElement().satisfies((d) -> assertThat(d.apiKey()).isEqualTo("billing-publisher"));
	}

	@Test
	void aBatchWithoutHeadersNamesNoKey() {
		this.stage.handle(MessageBuilder.withPayload(List.of(batchOf(click("n1", "u9")))).build());

		assertThat(deadLetters()).singleElement().satisfies((d) -> assertThat(d.apiKey()).isNull());
	}

	@Test
	void aPublishThatFailsSendsAgainOnlyWhatTheBrokerDidNotConfirm() {
		List<List<Outgoing>> attempts = new ArrayList<>();
		ConfirmedPublisher publisher = mock(ConfirmedPublisher.class);
		willAnswer((call) -> {
			List<Outgoing> messages = List.copyOf(call.getArgument(0));
			attempts.add(messages);
			if (attempts.size() == 1) {
				// the second keyed batch nacked, the others confirmed
				throw new ConfirmedPublisher.PublishException("the broker refused the message: queue full", null,
						messages.subList(1, 2));
			}
			return null;
		}).given(publisher).publishAll(any());
		Router router = new Router(PipelineFileLoader.load(Path.of("src/test/resources/it-pipelines.yaml")),
				(table, key) -> "u1".equals(key) ? "eu" : "us", 8, Clock.fixed(NOW, ZoneOffset.UTC));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		RouteStage stage = new RouteStage(router, publisher,
				new RouteRetries(FailureBackoff.sleeping(Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ofMinutes(1),
						meters),
				meters);

		stage.handle(MessageBuilder.withPayload(List.of(batchOf(click("k1", "u1"), click("k2", "u2")))).build());

		assertThat(attempts).hasSize(2);
		// a keyed batch per partition: each is told the stream's time, whether or not it got an event
		assertThat(attempts.get(0)).hasSize(8);
		assertThat(attempts.get(1)).containsExactly(attempts.get(0).get(1));
		assertThat(meters.counter("tributary.route.failed.attempts").count()).isEqualTo(1);
	}

	private List<DeadLetterRecord> deadLetters() {
		return this.published.stream().filter((o) -> o.payload() instanceof ResultBatch)
			.flatMap((o) -> ((ResultBatch) o.payload()).deadLetters().stream()).toList();
	}

	private List<KeyedEvent> keyed() {
		return this.published.stream().filter((o) -> o.payload() instanceof KeyedBatch)
			.flatMap((o) -> ((KeyedBatch) o.payload()).events().stream()).toList();
	}

	private static Event click(String id, String user) {
		Instant time = NOW.minusSeconds(30);
		return new Event(id, "ingest-" + id, "clicks", time, NOW,
				Map.of("id", id, "user", user, "kind", "click", "ts", time.toString(), "amount", 1L));
	}

	private static byte[] batchOf(Event... events) {
		return WireFormat.write(new EventBatch(List.of(events)));
	}

}
