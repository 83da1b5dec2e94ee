package io.tributary.processing.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.support.broker.BoundOutputs;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.util.MimeTypeUtils;

/**
 * Sends records to output bindings and waits until the broker confirmed each one and routed it
 * (a returned, unroutable message is a failure: a confirm alone does not mean it is queued).
 * Rabbit bindings used with it set {@code use-confirm-header: true}; Kafka bindings {@code sync: true}.
 * The bindings are listed in {@code spring.cloud.stream.output-bindings} ({@link BoundOutputs}).
 */
public class ConfirmedPublisher {

	private final BoundOutputs outputs;

	private final Duration timeout;

	private final boolean correlated;

	/** For RabbitMQ: publisher confirms through a correlation per message. */
	public ConfirmedPublisher(BoundOutputs outputs, Duration timeout) {
		this(outputs, timeout, true);
	}

	/**
	 * @param correlated true on RabbitMQ (wait for each message's publisher confirm); false on Kafka,
	 *                   whose bindings are synchronous ({@code sync: true}, {@code acks=all}): a send
	 *                   returns when the record is acknowledged and throws when it is not
	 */
	public ConfirmedPublisher(BoundOutputs outputs, Duration timeout, boolean correlated) {
		this.outputs = outputs;
		this.timeout = timeout;
		this.correlated = correlated;
	}

	/**
	 * One message to send: its binding, record, and for a partitioned binding the partition (also
	 * sent as the {@link Headers#PARTITION} header).
	 */
	public record Outgoing(String binding, Object payload, @Nullable Integer partition) {

		public Outgoing(String binding, Object payload) {
			this(binding, payload, null);
		}

	}

	/**
	 * Sends all, then waits for all confirms.
	 * @throws PublishException when any was not confirmed, was returned, or timed out
	 */
	public void publishAll(List<Outgoing> messages) {
		if (!this.correlated) {
			publishSynchronously(messages);
			return;
		}
		List<CorrelationData> pending = new ArrayList<>(messages.size());
		for (Outgoing out : messages) {
			CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
			Message<byte[]> message = MessageBuilder.withPayload(WireFormat.write(out.payload()))
				.setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, correlation)
				.setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE)
				.build();
			if (!send(out, message)) {
				throw new PublishException("Could not send to binding " + out.binding());
			}
			pending.add(correlation);
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		for (CorrelationData correlation : pending) {
			try {
				CorrelationData.Confirm confirm = correlation.getFuture()
					.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (!confirm.ack()) {
					throw new PublishException("Broker refused a message: " + confirm.reason());
				}
				if (correlation.getReturned() != null) {
					throw new PublishException("Broker could not route a message: " + correlation.getReturned().getReplyText());
				}
			}
			catch (TimeoutException ex) {
				throw new PublishException("No confirm from the broker within " + this.timeout);
			}
			catch (ExecutionException ex) {
				throw new PublishException("Publish failed: " + ex.getCause().getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PublishException("Interrupted while waiting for confirms");
			}
		}
	}

	private void publishSynchronously(List<Outgoing> messages) {
		for (Outgoing out : messages) {
			Message<byte[]> message = MessageBuilder.withPayload(WireFormat.write(out.payload()))
				.setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE)
				.build();
			try {
				if (!send(out, message)) {
					throw new PublishException("Could not send to binding " + out.binding());
				}
			}
			catch (MessagingException ex) {
				throw new PublishException("The broker did not take a message for " + out.binding() + ": "
						+ rootMessage(ex));
			}
		}
	}

	private boolean send(Outgoing out, Message<byte[]> message) {
		Integer partition = out.partition();
		if (partition == null) {
			return this.outputs.send(out.binding(), message);
		}
		return this.outputs.send(out.binding(),
				MessageBuilder.fromMessage(message).setHeader(Headers.PARTITION, partition).build(), partition);
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	/** A publish that is not known to be safe on the broker. */
	public static class PublishException extends RuntimeException {

		public PublishException(String message) {
			super(message);
		}

	}

}
