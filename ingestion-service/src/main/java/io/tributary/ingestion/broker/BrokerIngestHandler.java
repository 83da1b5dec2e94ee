package io.tributary.ingestion.broker;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.ingestion.publish.EventPublisher;
import io.tributary.ingestion.publish.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Handles one message of the ingest queue: forwards it or dead-letters it, and returns only when the
 * broker confirmed that, so that the binder acks the message only then. A failure to forward or to
 * dead-letter throws after a pause, and the binder requeues the message (binding settings
 * {@code max-attempts: 1}, {@code requeue-rejected: true}): it is redelivered, never dead-lettered for
 * a broker hiccup. (With {@code max-attempts} above 1 the binder rejects a message without requeue
 * once its retries are exhausted, which would dead-letter it.) The pause keeps a broker that refuses
 * everything from being asked again in a tight loop.
 */
class BrokerIngestHandler {

	private static final Logger log = LoggerFactory.getLogger(BrokerIngestHandler.class);

	private final BrokerIntake intake;

	private final EventPublisher publisher;

	private final DeadLetters deadLetters;

	private final Counter forwarded;

	private final Counter rejected;

	private final Counter requeued;

	private final Duration redeliveryDelay;

	BrokerIngestHandler(BrokerIntake intake, EventPublisher publisher, DeadLetters deadLetters,
			Duration redeliveryDelay, MeterRegistry meters) {
		this.intake = intake;
		this.publisher = publisher;
		this.deadLetters = deadLetters;
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
			log.warn("Could not forward or dead-letter a message for stream '{}'; it will be redelivered: {}",
					message.getHeaders().get(AmqpHeaders.RECEIVED_ROUTING_KEY), ex.getMessage());
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
		org.springframework.amqp.core.Message raw = rawMessage(message);
		MessageProperties properties = raw.getMessageProperties();
		String stream = properties.getReceivedRoutingKey() == null ? "" : properties.getReceivedRoutingKey();
		BrokerMessage input = new BrokerMessage(stream, properties.getMessageId(), properties.getContentType(),
				raw.getBody());
		switch (this.intake.decide(input)) {
			case Disposition.Forward forward -> {
				this.publisher.publish(forward.stream(), forward.batch());
				this.forwarded.increment();
			}
			case Disposition.Reject reject -> {
				String routingKey = properties.getConsumerQueue() == null ? stream : properties.getConsumerQueue();
				this.deadLetters.send(raw, routingKey, reject.reason());
				this.rejected.increment();
				log.info("Dead-lettered a message for stream '{}' (message id {}): {}", stream,
						properties.getMessageId(), reject.reason());
			}
		}
	}

	/**
	 * The AMQP message as received; the binder's inbound adapter binds it as the source data of the
	 * Spring message. Rebuilt from the mapped headers if it is ever missing.
	 */
	private static org.springframework.amqp.core.Message rawMessage(Message<byte[]> message) {
		if (message.getHeaders().get(IntegrationMessageHeaderAccessor.SOURCE_DATA)
				instanceof org.springframework.amqp.core.Message raw) {
			return raw;
		}
		MessageProperties properties = new MessageProperties();
		properties.setReceivedRoutingKey(message.getHeaders().get(AmqpHeaders.RECEIVED_ROUTING_KEY, String.class));
		properties.setConsumerQueue(message.getHeaders().get(AmqpHeaders.CONSUMER_QUEUE, String.class));
		properties.setMessageId(message.getHeaders().get(AmqpHeaders.MESSAGE_ID, String.class));
		Object contentType = message.getHeaders().get(MessageHeaders.CONTENT_TYPE);
		if (contentType != null) {
			properties.setContentType(contentType.toString());
		}
		return new org.springframework.amqp.core.Message(message.getPayload(), properties);
	}

}
