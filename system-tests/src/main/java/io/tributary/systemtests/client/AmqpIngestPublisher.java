package io.tributary.systemtests.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.tributary.contract.WireFormat;

/**
 * Publishes events to the ingest exchange as a broker publisher does: routing key = stream, a JSON
 * object or array body, persistent, mandatory, with publisher confirms. A message counts as sent
 * only when the broker confirmed it and did not return it as unroutable. One per thread.
 */
public final class AmqpIngestPublisher implements BrokerIngestPublisher {

	private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

	private final Connection connection;

	private final Channel channel;

	private final String exchange;

	private final Set<String> returned = ConcurrentHashMap.newKeySet();

	public AmqpIngestPublisher(AmqpSettings settings, String exchange) {
		this.exchange = exchange;
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(settings.host());
		factory.setPort(settings.port());
		factory.setUsername(settings.username());
		factory.setPassword(settings.password());
		factory.setVirtualHost(settings.virtualHost());
		try {
			this.connection = factory.newConnection("tributary-system-tests");
			this.channel = this.connection.createChannel();
			this.channel.confirmSelect();
			this.channel.addReturnListener((ret) -> this.returned.add(String.valueOf(ret.getProperties().getMessageId())));
		}
		catch (IOException | TimeoutException ex) {
			throw new IllegalStateException("Cannot connect to RabbitMQ at " + settings + ": " + ex, ex);
		}
	}

	/** Publishes one message and waits for its confirm; fails when it is nacked or unroutable. */
	@Override
	public synchronized void publish(String routingKey, Object body, String messageId) {
		publishRaw(routingKey, WireFormat.write(body), WireFormat.CONTENT_TYPE, messageId);
	}

	@Override
	public synchronized void publishRaw(String routingKey, byte[] body, String contentType, String messageId) {
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
			.contentType(contentType)
			.deliveryMode(2)
			.messageId(messageId)
			.build();
		try {
			this.channel.basicPublish(this.exchange, routingKey, true, properties, body);
			// the broker sends basic.return before the confirm of the same message
			this.channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Publishing to exchange " + this.exchange + " failed: " + ex, ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No confirm from the broker within " + CONFIRM_TIMEOUT_MILLIS + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a confirm", ex);
		}
		if (this.returned.remove(messageId)) {
			throw new IllegalStateException("The broker returned message " + messageId + " as unroutable: exchange "
					+ this.exchange + " has no queue bound for routing key '" + routingKey
					+ "' (is the ingestion service consuming it?)");
		}
	}

	@Override
	public void close() {
		try {
			this.connection.close();
		}
		catch (IOException ex) {
			// closing a connection the broker already dropped
		}
	}

}
