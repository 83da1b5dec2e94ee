package io.tributary.ingestion.broker;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.contract.Headers;
import io.tributary.ingestion.publish.PublishFailedException;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes rejected messages to the ingest dead-letter exchange, unchanged but for the
 * {@link Headers#REJECT_REASON} header, and waits for the broker's confirm: the original is acked
 * only once its dead letter is safe. (The binder's own {@code republish-to-dlq} cannot set our
 * header, and broker-side dead-lettering cannot carry a reason at all.)
 */
class DeadLetters {

	private final RabbitTemplate template;

	private final String exchange;

	private final Duration confirmTimeout;

	DeadLetters(ConnectionFactory connectionFactory, String exchange, Duration confirmTimeout) {
		this.template = new RabbitTemplate(connectionFactory);
		this.template.setUsePublisherConnection(true);
		this.template.setMandatory(true);
		this.exchange = exchange;
		this.confirmTimeout = confirmTimeout;
	}

	/**
	 * Dead-letters the message with the reason.
	 * @throws PublishFailedException when the broker did not confirm it; the original must be redelivered
	 */
	void send(Message original, String routingKey, String reason) {
		MessageProperties properties = original.getMessageProperties();
		properties.setHeader(Headers.REJECT_REASON, reason);
		Message deadLetter = new Message(original.getBody(), properties);
		CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
		try {
			this.template.send(this.exchange, routingKey, deadLetter, correlation);
			CorrelationData.Confirm confirm = correlation.getFuture()
				.get(this.confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!confirm.ack()) {
				throw new PublishFailedException("the broker refused the dead letter: " + confirm.reason());
			}
		}
		catch (AmqpException ex) {
			throw new PublishFailedException("cannot publish the dead letter: " + ex.getMessage(), ex);
		}
		catch (TimeoutException ex) {
			throw new PublishFailedException("the broker did not confirm the dead letter within " + this.confirmTimeout,
					ex);
		}
		catch (ExecutionException ex) {
			throw new PublishFailedException("waiting for the dead letter's confirm failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PublishFailedException("interrupted while waiting for the dead letter's confirm", ex);
		}
		if (correlation.getReturned() != null) {
			throw new PublishFailedException("the dead letter could not be routed: no queue is bound to "
					+ this.exchange + " for '" + routingKey + "'");
		}
	}

}
