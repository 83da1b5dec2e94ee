package io.tributary.storage.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.contract.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.AmqpHeaders;

/**
 * The results queue's dead-letter queue, which the binder declares ({@code auto-bind-dlq}). A
 * batch listener cannot reject one message of its batch, so unreadable messages are published
 * to the dead-letter exchange here, the way the binder's own republishing does (same reason
 * headers), and the batch is acknowledged only after the broker confirmed them.
 */
final class RabbitDeadLetterQueue implements DeadLetterQueue {

	private static final Logger log = LoggerFactory.getLogger(RabbitDeadLetterQueue.class);

	static final String EXCEPTION_MESSAGE = "x-exception-message";

	static final String ORIGINAL_EXCHANGE = "x-original-exchange";

	static final String ORIGINAL_ROUTING_KEY = "x-original-routingKey";

	private final RabbitTemplate template;

	private final String exchange;

	private final String routingKey;

	private final Duration confirmTimeout;

	/**
	 * @param exchange   the dead-letter exchange of the results queue
	 * @param routingKey the key its dead-letter queue is bound with (the results queue's name)
	 */
	RabbitDeadLetterQueue(ConnectionFactory connectionFactory, String exchange, String routingKey,
			Duration confirmTimeout) {
		if (!connectionFactory.isPublisherConfirms()) {
			throw new IllegalStateException("Moving messages to the dead-letter queue safely needs publisher confirms: "
					+ "set spring.rabbitmq.publisher-confirm-type=correlated");
		}
		this.template = new RabbitTemplate(connectionFactory);
		this.template.setMandatory(true);
		this.template.setReturnsCallback((returned) -> log.error("Dead-letter exchange {} returned a message: {}",
				returned.getExchange(), returned.getReplyText()));
		this.exchange = exchange;
		this.routingKey = routingKey;
		this.confirmTimeout = confirmTimeout;
	}

	@Override
	public void send(List<RejectedMessage> messages) {
		List<CorrelationData> pending = new ArrayList<>(messages.size());
		for (RejectedMessage m : messages) {
			CorrelationData correlation = new CorrelationData();
			this.template.send(this.exchange, this.routingKey, toAmqp(m), correlation);
			pending.add(correlation);
		}
		long deadline = System.nanoTime() + this.confirmTimeout.toNanos();
		for (CorrelationData correlation : pending) {
			CorrelationData.Confirm confirm;
			try {
				confirm = correlation.getFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new DeadLetterException("The broker did not confirm a dead-lettered message", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new DeadLetterException("Interrupted while dead-lettering", ex);
			}
			if (!confirm.ack()) {
				throw new DeadLetterException("The broker refused a dead-lettered message: " + confirm.reason(), null);
			}
			if (correlation.getReturned() != null) {
				throw new DeadLetterException("The dead-letter exchange " + this.exchange + " has no queue bound for "
						+ this.routingKey, null);
			}
		}
	}

	private static Message toAmqp(RejectedMessage m) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		Object contentType = m.headers().get("contentType");
		properties.setContentType(contentType != null ? contentType.toString() : WireFormat.CONTENT_TYPE);
		properties.setHeader(EXCEPTION_MESSAGE, m.reason());
		copy(m.headers(), AmqpHeaders.RECEIVED_EXCHANGE, properties, ORIGINAL_EXCHANGE);
		copy(m.headers(), AmqpHeaders.RECEIVED_ROUTING_KEY, properties, ORIGINAL_ROUTING_KEY);
		return new Message(m.payload(), properties);
	}

	private static void copy(Map<String, Object> from, String name, MessageProperties to, String as) {
		Object value = from.get(name);
		if (value != null) {
			to.setHeader(as, value.toString());
		}
	}

	/** Dead-lettering failed; the batch goes back to the broker. */
	static final class DeadLetterException extends AmqpException {

		DeadLetterException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
