package io.tributary.storage.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.support.broker.ConfirmedRabbitTemplate;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.AmqpHeaders;

/**
 * The results queue's dead-letter queue, which the binder declares ({@code auto-bind-dlq}). A
 * batch listener cannot reject one message of its batch, so unreadable messages are published
 * to the dead-letter exchange here, with the reason in {@link Headers#REJECT_REASON} and where they
 * came from in the binder's own {@code x-original-*} headers, and the batch is acknowledged only
 * after the broker confirmed them ({@link ConfirmedRabbitTemplate}).
 */
final class RabbitDeadLetterQueue implements DeadLetterQueue {

	static final String ORIGINAL_EXCHANGE = "x-original-exchange";

	static final String ORIGINAL_ROUTING_KEY = "x-original-routingKey";

	private final ConfirmedRabbitTemplate template;

	private final String exchange;

	private final String routingKey;

	/**
	 * @param exchange   the dead-letter exchange of the results queue
	 * @param routingKey the key its dead-letter queue is bound with (the results queue's name)
	 */
	RabbitDeadLetterQueue(ConfirmedRabbitTemplate template, String exchange, String routingKey) {
		this.template = template;
		this.exchange = exchange;
		this.routingKey = routingKey;
	}

	@Override
	public void send(List<RejectedMessage> messages) {
		List<Message> amqp = new ArrayList<>(messages.size());
		for (RejectedMessage m : messages) {
			amqp.add(toAmqp(m));
		}
		this.template.sendAll(this.exchange, this.routingKey, amqp);
	}

	private static Message toAmqp(RejectedMessage m) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		Object contentType = m.headers().get("contentType");
		properties.setContentType(contentType != null ? contentType.toString() : WireFormat.Encoding.of(m.payload()).contentType());
		properties.setHeader(Headers.REJECT_REASON, m.reason());
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

}
