package io.tributary.ingestion.deadletter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.tributary.contract.Headers;
import org.jspecify.annotations.Nullable;

/**
 * RabbitMQ's dead-letter queues. Each call opens its own connection and channel, so what it holds
 * is released when it ends, whatever happens:
 * <ul>
 * <li>A peek takes messages with {@code basic.get} without acknowledging them, then rejects them
 * with requeue: RabbitMQ puts a requeued message back in its original place, so the queue's order
 * is unchanged; the messages get the {@code redelivered} flag, and while a peek holds them another
 * peek of the same queue does not see them. Nothing consumes these queues but these calls.</li>
 * <li>A redrive publishes each selected message (mandatory, publisher confirms) where it was
 * published before it was dead-lettered, without the reason header and with its {@link
 * BrokerDeadLetter#id()} as message id, and acknowledges the dead letter only after the confirm. A
 * crash in between leaves the dead letter in the queue (the channel's close requeues it), and the
 * next redrive publishes it again with the same message id, from which ingestion derives the same
 * event ids and ingestIds, so processing counts it once.</li>
 * </ul>
 */
final class RabbitDeadLetterQueues implements BrokerDeadLetterQueues {

	private final ConnectionFactory connections;

	private final Map<String, QueueSpec> queues;

	private final Duration confirmTimeout;

	RabbitDeadLetterQueues(ConnectionFactory connections, Map<String, QueueSpec> queues, Duration confirmTimeout) {
		this.connections = connections;
		this.queues = new LinkedHashMap<>(queues);
		this.confirmTimeout = confirmTimeout;
	}

	/**
	 * A dead-letter queue and where its messages go back to when their headers do not say.
	 *
	 * @param queue              the queue's name
	 * @param exchange           the exchange its messages were read from
	 * @param defaultRoutingKey  the routing key to republish with when a message does not carry its own
	 *                           (null: such a message is not redriven)
	 */
	record QueueSpec(String queue, String exchange, @Nullable String defaultRoutingKey) {
	}

	@Override
	public List<String> names() {
		return List.copyOf(this.queues.keySet());
	}

	@Override
	public String destination(String name) {
		return spec(name).queue();
	}

	@Override
	public long depth(String name) {
		QueueSpec spec = spec(name);
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			return channel.queueDeclarePassive(spec.queue()).getMessageCount();
		}
		catch (IOException ex) {
			if (isNotFound(ex)) {
				return 0;
			}
			throw unavailable(ex);
		}
		catch (TimeoutException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public List<BrokerDeadLetter> peek(String name, int limit) {
		QueueSpec spec = spec(name);
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			List<BrokerDeadLetter> seen = new ArrayList<>();
			long lastTag = -1;
			for (int i = 0; i < limit; i++) {
				GetResponse response = channel.basicGet(spec.queue(), false);
				if (response == null) {
					break;
				}
				lastTag = response.getEnvelope().getDeliveryTag();
				seen.add(view(response));
			}
			if (lastTag >= 0) {
				// back in their places, in order
				channel.basicNack(lastTag, true, true);
			}
			return seen;
		}
		catch (IOException ex) {
			if (isNotFound(ex)) {
				return List.of();
			}
			throw unavailable(ex);
		}
		catch (TimeoutException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public RedriveReport redrive(String name, @Nullable List<String> ids, int limit) {
		QueueSpec spec = spec(name);
		if (ids != null) {
			Set<String> present = new HashSet<>();
			peek(name, limit).forEach((m) -> present.add(m.id()));
			List<String> missing = ids.stream().filter((id) -> !present.contains(id)).distinct().toList();
			if (!missing.isEmpty()) {
				throw new DeadLettersNotFoundException("the first " + limit + " messages of " + spec.queue(), missing);
			}
		}
		Set<String> wanted = ids == null ? null : new LinkedHashSet<>(ids);
		List<String> redriven = new ArrayList<>();
		Map<String, String> skipped = new LinkedHashMap<>();
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			channel.confirmSelect();
			AtomicBoolean returned = new AtomicBoolean();
			channel.addReturnListener((r) -> returned.set(true));
			List<Long> kept = new ArrayList<>();
			for (int i = 0; i < limit; i++) {
				GetResponse response = channel.basicGet(spec.queue(), false);
				if (response == null) {
					break;
				}
				long tag = response.getEnvelope().getDeliveryTag();
				BrokerDeadLetter message = view(response);
				if (wanted != null && !wanted.contains(message.id())) {
					kept.add(tag);
					continue;
				}
				String exchange = message.exchange() != null ? message.exchange() : spec.exchange();
				String routingKey = message.routingKey() != null ? message.routingKey() : spec.defaultRoutingKey();
				if (routingKey == null) {
					skipped.put(message.id(), "it does not say where it was published (dead-lettered before "
							+ Headers.ORIGINAL_ROUTING_KEY + " was kept)");
					kept.add(tag);
					continue;
				}
				returned.set(false);
				channel.basicPublish(exchange, routingKey, true, republished(response.getProps(), message.id()),
						response.getBody());
				channel.waitForConfirmsOrDie(this.confirmTimeout.toMillis());
				if (returned.get()) {
					skipped.put(message.id(), "exchange '" + exchange + "' has no queue for routing key '" + routingKey + "'");
					kept.add(tag);
					continue;
				}
				channel.basicAck(tag, false);
				redriven.add(message.id());
			}
			for (long tag : kept) {
				channel.basicNack(tag, false, true);
			}
		}
		catch (IOException | TimeoutException ex) {
			throw new RedriveFailedException("the redrive of " + spec.queue() + " stopped after " + redriven.size()
					+ " messages (" + ex.getMessage() + "); the others are still in the queue, run the redrive again", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedriveFailedException("the redrive of " + spec.queue() + " was interrupted", ex);
		}
		return new RedriveReport(spec.queue(), redriven.size(), redriven, skipped);
	}

	private static BrokerDeadLetter view(GetResponse response) {
		AMQP.BasicProperties props = response.getProps();
		Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
		return BrokerDeadLetter.of(props.getMessageId(), text(headers.get(Headers.REJECT_REASON)),
				text(headers.get(Headers.ORIGINAL_EXCHANGE)), text(headers.get(Headers.ORIGINAL_ROUTING_KEY)),
				props.getContentType(), response.getBody(), response.getEnvelope().isRedeliver());
	}

	/** The message as it was before it was dead-lettered, with a message id it keeps on every redrive. */
	private static AMQP.BasicProperties republished(AMQP.BasicProperties props, String messageId) {
		Map<String, Object> headers = new HashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
		headers.remove(Headers.REJECT_REASON);
		headers.remove(Headers.ORIGINAL_EXCHANGE);
		headers.remove(Headers.ORIGINAL_ROUTING_KEY);
		headers.remove("x-death");
		return props.builder().headers(headers).messageId(messageId).deliveryMode(2).build();
	}

	private static @Nullable String text(@Nullable Object value) {
		return value == null ? null : value.toString();
	}

	private QueueSpec spec(String name) {
		QueueSpec spec = this.queues.get(name);
		if (spec == null) {
			throw new UnknownDeadLetterQueueException(name, this.queues.keySet());
		}
		return spec;
	}

	private Connection connect() {
		try {
			return this.connections.newConnection("tributary-dead-letters");
		}
		catch (IOException | TimeoutException ex) {
			throw unavailable(ex);
		}
	}

	private static boolean isNotFound(IOException ex) {
		return String.valueOf(ex.getCause()).contains("NOT_FOUND");
	}

	private static RedriveFailedException unavailable(Exception ex) {
		return new RedriveFailedException("the broker is unavailable: " + ex.getMessage(), ex);
	}

}
