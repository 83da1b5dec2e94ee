package io.tributary.ingestion.publish;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.support.broker.BoundOutputs;
import io.tributary.ingestion.IngestionProperties;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends one {@link EventBatch} to {@code <ns>.events} (routing key = stream) and returns only once
 * the broker confirmed it and did not return it as unroutable.
 * <p>
 * The binding's rabbit producer has {@code use-confirm-header: true}: the binder's
 * {@code AmqpOutboundEndpoint} then passes the {@link CorrelationData} found in the
 * {@link AmqpHeaders#PUBLISH_CONFIRM_CORRELATION} header to {@code RabbitTemplate.send}, publishes
 * mandatory, and the connection's publisher callback channel completes the correlation's future on
 * the broker's ack or nack and records a return on it before completing it. A send to an unreachable
 * broker throws at once.
 * <p>
 * On Kafka (profile {@code kafka}) the binding's producer is synchronous ({@code sync: true},
 * {@code acks=all}): the send itself returns only once the partition's in-sync replicas have the
 * record, and throws when they do not within the producer's delivery timeout.
 */
@Component
public class EventPublisher {

	/**
	 * The output binding, bound at start-up ({@code output-bindings}); its destination and producer
	 * settings are in application.yml. Sent to through {@link BoundOutputs}.
	 */
	static final String BINDING = "events-out-0";

	private final BoundOutputs outputs;

	private final Duration confirmTimeout;

	private final Timer confirmed;

	private final Timer failed;

	private final MeterRegistry meters;

	/** RabbitMQ: wait for the publisher confirm through a correlation; Kafka: the send is synchronous. */
	private final boolean correlated;

	/** For RabbitMQ. */
	EventPublisher(BoundOutputs outputs, IngestionProperties properties, MeterRegistry meters) {
		this(outputs, properties, meters, "rabbit");
	}

	/** @param binder the binder the services run on ({@code spring.cloud.stream.default-binder}) */
	@Autowired
	EventPublisher(BeanFactory beans, IngestionProperties properties, MeterRegistry meters,
			@Value("${spring.cloud.stream.default-binder:rabbit}") String binder) {
		this(new BoundOutputs(beans), properties, meters, binder);
	}

	EventPublisher(BoundOutputs outputs, IngestionProperties properties, MeterRegistry meters, String binder) {
		this.correlated = !"kafka".equals(binder);
		this.outputs = outputs;
		this.confirmTimeout = properties.ingestion().confirmTimeout();
		this.confirmed = Timer.builder("tributary.ingestion.publish").tag("outcome", "confirmed")
			.description("Publishing an event batch until the broker confirmed it").register(meters);
		this.failed = Timer.builder("tributary.ingestion.publish").tag("outcome", "failed")
			.description("Publishing an event batch until the broker confirmed it").register(meters);
		this.meters = meters;
	}

	/**
	 * Publishes the batch and waits for the broker's confirm.
	 * @throws PublishFailedException when the broker did not take the batch
	 */
	public void publish(String stream, EventBatch batch) {
		long start = System.nanoTime();
		try {
			sendAndConfirm(stream, batch);
			this.confirmed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			// Streams are declared in the pipeline file, so the tag's values are bounded.
			this.meters.counter("tributary.ingestion.events", "stream", stream).increment(batch.events().size());
		}
		catch (PublishFailedException ex) {
			this.failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			throw ex;
		}
	}

	private void sendAndConfirm(String stream, EventBatch batch) {
		if (!this.correlated) {
			sendSynchronously(stream, batch);
			return;
		}
		CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
		Message<byte[]> message = MessageBuilder.withPayload(WireFormat.write(batch))
			.setHeader(Headers.STREAM, stream)
			.setHeader(MessageHeaders.CONTENT_TYPE, WireFormat.CONTENT_TYPE)
			.setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, correlation)
			.build();
		try {
			if (!this.outputs.send(BINDING, message)) {
				throw new PublishFailedException("the output binding did not take the message");
			}
		}
		catch (MessagingException | AmqpException ex) {
			throw new PublishFailedException("cannot publish to the broker: " + rootMessage(ex), ex);
		}
		CorrelationData.Confirm confirm;
		try {
			confirm = correlation.getFuture().get(this.confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new PublishFailedException("the broker did not confirm within " + this.confirmTimeout, ex);
		}
		catch (ExecutionException ex) {
			throw new PublishFailedException("waiting for the broker's confirm failed: " + rootMessage(ex), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PublishFailedException("interrupted while waiting for the broker's confirm", ex);
		}
		if (!confirm.ack()) {
			throw new PublishFailedException("the broker refused the message: " + confirm.reason());
		}
		ReturnedMessage returned = correlation.getReturned();
		if (returned != null) {
			throw new PublishFailedException("the broker could not route the message (" + returned.getReplyText()
					+ "): no queue is bound to " + returned.getExchange() + " for '" + returned.getRoutingKey() + "'");
		}
	}

	private void sendSynchronously(String stream, EventBatch batch) {
		Message<byte[]> message = MessageBuilder.withPayload(WireFormat.write(batch))
			.setHeader(Headers.STREAM, stream)
			.setHeader(MessageHeaders.CONTENT_TYPE, WireFormat.CONTENT_TYPE)
			.build();
		try {
			if (!this.outputs.send(BINDING, message)) {
				throw new PublishFailedException("the output binding did not take the message");
			}
		}
		catch (MessagingException ex) {
			throw new PublishFailedException("the broker did not take the batch: " + rootMessage(ex), ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
	}

}
