package io.tributary.ingestion.broker;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.ingestion.publish.EventPublisher;
import io.tributary.ingestion.publish.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;

/**
 * Handles one message of the ingest queue: forwards it or dead-letters it, and returns only when the
 * broker confirmed that, so that the binder acks the message only then. A failure to forward or to
 * dead-letter throws after a pause, and the message is delivered again (RabbitMQ: {@code max-attempts: 1},
 * {@code requeue-rejected: true}; Kafka: the consumer seeks back, see {@code RedeliveringErrorHandler}):
 * it is redelivered, never dead-lettered for a broker hiccup. (With {@code max-attempts} above 1 the
 * Rabbit binder rejects a message without requeue once its retries are exhausted, which would
 * dead-letter it.) The pause keeps a broker that refuses everything from being asked again in a
 * tight loop.
 */
class BrokerIngestHandler {

	private static final Logger log = LoggerFactory.getLogger(BrokerIngestHandler.class);

	private final BrokerIntake intake;

	private final EventPublisher publisher;

	private final IngestSource source;

	private final Counter forwarded;

	private final Counter rejected;

	private final Counter requeued;

	private final Duration redeliveryDelay;

	BrokerIngestHandler(BrokerIntake intake, EventPublisher publisher, IngestSource source,
			Duration redeliveryDelay, MeterRegistry meters) {
		this.intake = intake;
		this.publisher = publisher;
		this.source = source;
		this.redeliveryDelay = redeliveryDelay;
		this.forwarded = Counter.builder("tributary.ingestion.broker.messages").tag("outcome", "forwarded")
			.register(meters);
		this.rejected = Counter.builder("tributary.ingestion.broker.messages").tag("outcome", "dead-lettered")
			.register(meters);
		this.requeued = Counter.builder("tributary.ingestion.broker.messages").tag("outcome", "requeued")
			.register(meters);
	}

	void handle(Message<byte[]> message) {
		try {
			forwardOrDeadLetter(message);
		}
		catch (PublishFailedException ex) {
			this.requeued.increment();
			log.warn("Could not forward or dead-letter a message; it will be redelivered: {}", ex.getMessage());
			pause();
			throw ex;
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.redeliveryDelay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void forwardOrDeadLetter(Message<byte[]> message) {
		BrokerMessage input = this.source.read(message);
		switch (this.intake.decide(input)) {
			case Disposition.Forward forward -> {
				this.publisher.publish(forward.stream(), forward.batch());
				this.forwarded.increment();
			}
			case Disposition.Reject reject -> {
				this.source.deadLetter(message, input, reject.reason());
				this.rejected.increment();
				log.info("Dead-lettered a message for stream '{}' (message id {}): {}", input.stream(),
						input.messageId(), reject.reason());
			}
		}
	}

}
