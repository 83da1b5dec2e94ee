package io.tributary.ingestion.broker;

import java.util.List;

import io.tributary.contract.Headers;
import io.tributary.ingestion.publish.PublishFailedException;
import io.tributary.support.broker.ConfirmedRabbitTemplate;
import io.tributary.support.broker.UnconfirmedException;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * Publishes rejected messages to the ingest dead-letter exchange, unchanged but for the
 * {@link Headers#REJECT_REASON} header, and waits for the broker's confirm: the original is acked
 * only once its dead letter is safe. (The binder's own {@code republish-to-dlq} cannot set our
 * header, and broker-side dead-lettering cannot carry a reason at all.)
 */
class DeadLetters {

	private final ConfirmedRabbitTemplate template;

	private final String exchange;

	DeadLetters(ConfirmedRabbitTemplate template, String exchange) {
		this.template = template;
		this.exchange = exchange;
	}

	/**
	 * Dead-letters the message with the reason.
	 * @throws PublishFailedException when the broker did not confirm it; the original must be redelivered
	 */
	void send(Message original, String routingKey, String reason) {
		MessageProperties properties = original.getMessageProperties();
		properties.setHeader(Headers.REJECT_REASON, reason);
		try {
			this.template.sendAll(this.exchange, routingKey, List.of(new Message(original.getBody(), properties)));
		}
		catch (UnconfirmedException ex) {
			throw new PublishFailedException("the dead letter is not safe: " + ex.getMessage(), ex);
		}
	}

}
