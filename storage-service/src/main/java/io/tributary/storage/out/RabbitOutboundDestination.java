package io.tributary.storage.out;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.support.broker.ConfirmedRabbitTemplate;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * RabbitMQ: the durable topic exchange {@code <ns>.results.out}, routing key {@code <pipeline>.<type>},
 * persistent messages, returned only after the broker confirmed them all. Not mandatory: the
 * exchange has no queue of its own, so what no subscriber's queue is bound for is dropped by design.
 */
final class RabbitOutboundDestination implements OutboundDestination {

	private final ConfirmedRabbitTemplate template;

	private final String exchange;

	RabbitOutboundDestination(ConfirmedRabbitTemplate template, String exchange) {
		this.template = template;
		this.exchange = exchange;
	}

	@Override
	public void send(List<OutboundMessage> messages) {
		List<ConfirmedRabbitTemplate.Routed> routed = new ArrayList<>(messages.size());
		for (OutboundMessage m : messages) {
			routed.add(new ConfirmedRabbitTemplate.Routed(m.routingKey(), toAmqp(m)));
		}
		this.template.sendAll(this.exchange, routed);
	}

	static Message toAmqp(OutboundMessage m) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setContentType(WireFormat.CONTENT_TYPE);
		properties.setContentEncoding("UTF-8");
		properties.setMessageId(m.id());
		properties.setType(m.type().wireName());
		properties.setHeader(Headers.RESULT_TYPE, m.type().wireName());
		properties.setHeader(Headers.PIPELINE, m.pipeline());
		properties.setHeader(Headers.KEY, m.key());
		properties.setHeader(Headers.REVISION, m.revision());
		properties.setHeader(Headers.MESSAGE_ID, m.id());
		return new Message(m.json(), properties);
	}

}
