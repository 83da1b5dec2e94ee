package io.tributary.ingestion.broker;

import io.tributary.contract.Headers;

import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * RabbitMQ: the stream is the routing key the message was published with to {@code <ns>.ingest};
 * dead letters go to exchange {@code <ns>.ingest.dlq}, routed to queue {@code <ns>.ingest.ingestion.dlq},
 * with where they were published in {@link Headers#ORIGINAL_EXCHANGE} and {@link Headers#ORIGINAL_ROUTING_KEY}.
 */
final class RabbitIngestSource implements IngestSource {

	private final DeadLetters deadLetters;

	RabbitIngestSource(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@Override
	public BrokerMessage read(Message<byte[]> message) {
		MessageProperties properties = rawMessage(message).getMessageProperties();
		String stream = properties.getReceivedRoutingKey() == null ? "" : properties.getReceivedRoutingKey();
		return new BrokerMessage(stream, properties.getMessageId(), properties.getContentType(), message.getPayload());
	}

	@Override
	public void deadLetter(Message<byte[]> message, BrokerMessage input, String reason) {
		org.springframework.amqp.core.Message raw = rawMessage(message);
		MessageProperties properties = raw.getMessageProperties();
		String routingKey = properties.getConsumerQueue() == null ? input.stream() : properties.getConsumerQueue();
		// where it came from, so that a redrive can send it there again
		if (properties.getReceivedExchange() != null) {
			properties.setHeader(Headers.ORIGINAL_EXCHANGE, properties.getReceivedExchange());
		}
		properties.setHeader(Headers.ORIGINAL_ROUTING_KEY, input.stream());
		this.deadLetters.send(raw, routingKey, reason);
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
