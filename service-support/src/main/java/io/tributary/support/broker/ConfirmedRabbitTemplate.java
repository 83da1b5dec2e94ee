package io.tributary.support.broker;

import java.time.Duration;
import java.util.List;

import io.tributary.support.diagnostics.Causes;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes the messages a service writes itself (dead letters) and returns only once RabbitMQ
 * confirmed and routed each: mandatory publishes on the publisher connection, awaited through
 * {@link PendingConfirms}.
 */
public final class ConfirmedRabbitTemplate {

	private final RabbitTemplate template;

	private final Duration timeout;

	/**
	 * @throws IllegalStateException when the connection factory has no publisher confirms, so nothing
	 *                               could ever be confirmed
	 */
	public ConfirmedRabbitTemplate(ConnectionFactory connectionFactory, Duration timeout) {
		if (!connectionFactory.isPublisherConfirms()) {
			throw new IllegalStateException("Publishing safely needs publisher confirms: "
					+ "set spring.rabbitmq.publisher-confirm-type=correlated and spring.rabbitmq.publisher-returns=true");
		}
		this.template = new RabbitTemplate(connectionFactory);
		this.template.setUsePublisherConnection(true);
		this.template.setMandatory(true);
		this.timeout = timeout;
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

}
