package io.tributary.ingestion.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.support.broker.BinderChoice;
import io.tributary.support.broker.BoundOutputs;
import io.tributary.ingestion.IngestionProperties;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The confirm logic of the publisher, for the outcomes that the shared test broker cannot be made to
 * produce safely (a confirm that never comes); {@code PublishRefusedIT} covers nacks and returns
 * with the real broker.
 */
class EventPublisherTests {

	private static final EventBatch BATCH = new EventBatch(List.of(new Event("e-1", "i-1", "clicks",
			Instant.EPOCH, Instant.EPOCH, Map.of("a", 1))));

	private final BoundOutputs outputs = mock(BoundOutputs.class);

	private final InFlightBatches inFlight = new InFlightBatches();

	private final EventPublisher publisher = new EventPublisher(this.outputs,
			new IngestionProperties("ns", Path.of("p.yaml"), new IngestionProperties.Ingestion(DataSize.ofMegabytes(1),
					10, Duration.ofMillis(300), Duration.ofSeconds(1), 10, Duration.ofSeconds(1), DataSize.ofMegabytes(1),
					Duration.ofSeconds(30), new IngestionProperties.Json(64, 1_000_000, 100, 1000), Duration.ofSeconds(1),
					new IngestionProperties.Backpressure(false, Duration.ofSeconds(1), 1, Duration.ofSeconds(1),
							Duration.ofSeconds(1), 8))),
			new SimpleMeterRegistry(), BinderChoice.RABBIT, this.inFlight);

	/** Makes the binding answer each send as the broker would, through the message's correlation. */
	private void brokerAnswers(java.util.function.Consumer<CorrelationData> answer) {
		given(this.outputs.send(eq(EventPublisher.BINDING), any(org.springframework.messaging.Message.class))).willAnswer((invocation) -> {
			org.springframework.messaging.Message<?> message = invocation.getArgument(1);
			assertThat(message.getHeaders().get(Headers.STREAM)).isEqualTo("clicks");
			answer.accept((CorrelationData) message.getHeaders().get(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION));
			return true;
		});
	}

	@Test
	void returnsOnceTheBrokerConfirmed() {
		brokerAnswers((c) -> c.getFuture().complete(new CorrelationData.Confirm(true, null)));

		assertThatNoException().isThrownBy(() -> this.publisher.publish("clicks", BATCH));
	}

	@Test
	void aBatchHoldsItsStreamsProgressMarkersBackUntilTheBrokerAnswered() {
		Instant now = Instant.parse("2026-03-01T10:00:00Z");
		List<Instant> duringThePublish = new java.util.ArrayList<>();
		brokerAnswers((c) -> {
			duringThePublish.add(this.inFlight.quietUntil("clicks", now));
			c.getFuture().complete(new CorrelationData.Confirm(false, "queue full"));
		});

		assertThatExceptionOfType(PublishFailedException.class).isThrownBy(() -> this.publisher.publish("clicks", BATCH));

		assertThat(duringThePublish).as("the batch was accepted at the epoch").containsExactly(Instant.EPOCH);
		assertThat(this.inFlight.quietUntil("clicks", now)).as("failed: no longer in flight").isEqualTo(now);
	}

	@Test
	void failsWhenTheConfirmDoesNotComeInTime() {
		brokerAnswers((c) -> {
		});

		long start = System.nanoTime();
		assertThatExceptionOfType(PublishFailedException.class)
			.isThrownBy(() -> this.publisher.publish("clicks", BATCH))
			.withMessage("the broker did not confirm within PT0.3S");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
	}

	@Test
	void failsWhenTheBrokerRefusesTheMessage() {
		brokerAnswers((c) -> c.getFuture().complete(new CorrelationData.Confirm(false, "queue full")));

		assertThatExceptionOfType(PublishFailedException.class)
			.isThrownBy(() -> this.publisher.publish("clicks", BATCH))
			.withMessage("the broker refused the message: queue full");
	}

	@Test
	void failsWhenTheBrokerReturnsTheMessageAsUnroutable() {
		brokerAnswers((c) -> {
			c.setReturned(new ReturnedMessage(new Message(new byte[0], new MessageProperties()), 312, "NO_ROUTE",
					"ns.events", "clicks"));
			c.getFuture().complete(new CorrelationData.Confirm(true, null));
		});

		assertThatExceptionOfType(PublishFailedException.class)
			.isThrownBy(() -> this.publisher.publish("clicks", BATCH))
			.withMessageContaining("could not route the message (NO_ROUTE)");
	}

	@Test
	void failsWhenTheMessageCannotBeSent() {
		given(this.outputs.send(eq(EventPublisher.BINDING), any(org.springframework.messaging.Message.class)))
			.willThrow(new MessageDeliveryException("Connection refused"));

		assertThatExceptionOfType(PublishFailedException.class)
			.isThrownBy(() -> this.publisher.publish("clicks", BATCH))
			.withMessage("cannot publish to the broker: Connection refused");
	}

}
