package io.tributary.support.broker;

import java.time.Duration;
import java.util.List;

import io.tributary.support.diagnostics.Causes;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes the messages a service writes itself (dead letters, storage's outbound results) and
 * returns only once RabbitMQ confirmed each, on the publisher connection, awaited through
 * {@link PendingConfirms}. Mandatory publishes (the default) must also be routed to a queue; a
 * publish to an exchange that subscribers bind to when they like ({@link #unroutableAllowed}) need
 * not be.
 */
public final class ConfirmedRabbitTemplate {

	private final RabbitTemplate template;

	private final Duration timeout;

	/**
	 * @throws IllegalStateException when the connection factory has no publisher confirms, so nothing
	 *                               could ever be confirmed
	 */
	public ConfirmedRabbitTemplate(ConnectionFactory connectionFactory, Duration timeout) {
		this(connectionFactory, timeout, true);
	}

	private ConfirmedRabbitTemplate(ConnectionFactory connectionFactory, Duration timeout, boolean mandatory) {
		if (!connectionFactory.isPublisherConfirms()) {
			throw new IllegalStateException("Publishing safely needs publisher confirms: "
					+ "set spring.rabbitmq.publisher-confirm-type=correlated and spring.rabbitmq.publisher-returns=true");
		}
		this.template = new RabbitTemplate(connectionFactory);
		this.template.setUsePublisherConnection(true);
		this.template.setMandatory(mandatory);
		this.timeout = timeout;
	}

	/**
	 * A template whose publishes count as safe once the exchange took them, routed to a queue or
	 * not: for an exchange with no queue of its own, where a message nobody subscribed to is
	 * dropped by design.
	 * @throws IllegalStateException when the connection factory has no publisher confirms
	 */
	public static ConfirmedRabbitTemplate unroutableAllowed(ConnectionFactory connectionFactory, Duration timeout) {
		return new ConfirmedRabbitTemplate(connectionFactory, timeout, false);
	}

	/**
	 * Publishes the messages with the routing key, then waits for all confirms.
	 * @throws UnconfirmedException when one was not sent, refused, returned or not confirmed in time
	 */
	public void sendAll(String exchange, String routingKey, List<Message> messages) {
		PendingConfirms confirms = new PendingConfirms(messages.size());
		try {
			for (Message message : messages) {
				this.template.send(exchange, routingKey, message, confirms.next());
			}
		}
		catch (AmqpException ex) {
			throw new UnconfirmedException("cannot publish to the broker: " + Causes.rootMessage(ex), ex);
		}
		confirms.await(this.timeout);
	}

	/**
	 * Publishes each message with its own routing key, in order, then waits for all confirms. The
	 * messages go out on one channel, so queues receive them in this order (RabbitMQ orders messages
	 * per channel; sends outside a scoped operation may each take another cached channel).
	 * @throws UnconfirmedException when one was not sent, refused, returned (mandatory publishes) or
	 *                              not confirmed in time
	 */
	public void sendAll(String exchange, List<Routed> messages) {
		PendingConfirms confirms = new PendingConfirms(messages.size());
		try {
			this.template.invoke((operations) -> {
				for (Routed routed : messages) {
					operations.send(exchange, routed.routingKey(), routed.message(), confirms.next());
				}
				return null;
			});
		}
		catch (AmqpException ex) {
			throw new UnconfirmedException("cannot publish to the broker: " + Causes.rootMessage(ex), ex);
		}
		confirms.await(this.timeout);
	}

	/** A message and the routing key it is published with. */
	public record Routed(String routingKey, Message message) {
	}

}
