package io.tributary.support.broker;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.Message;

/**
 * Settles RabbitMQ batch deliveries (consumer {@code acknowledge-mode: manual}) once each is safe,
 * in the order they were delivered: a batch is acknowledged when it was stored and its outbound
 * results confirmed, handed back (nack with requeue) when either failed, and never before every
 * batch delivered before it on the same channel was settled (channels settle on their own: one
 * consumer's slow batch holds up no other consumer). Each settlement is one {@code basic.ack} or
 * {@code basic.nack} with {@code multiple} up to the batch's last delivery tag, which covers exactly
 * that batch because everything before it on the channel was settled already.
 *
 * <p>A channel that closed meanwhile (a broker restart, a connection lost) takes its unsettled
 * deliveries with it: the broker redelivers them, and their settlement is skipped. Settlements run
 * on the thread that completed the batch's future (the consumer, or whatever thread finished the
 * work the batch waited for); one at a time.
 */
public final class InOrderAcknowledgements {

	private static final Logger log = LoggerFactory.getLogger(InOrderAcknowledgements.class);

	/** Each channel's unsettled deliveries, in delivery order; a channel without any has no entry. */
	private final Map<Channel, ArrayDeque<Delivery>> byChannel = new IdentityHashMap<>();

	/**
	 * Whether the batch message was delivered for manual acknowledgement: it carries its channel and
	 * its last delivery tag (RabbitMQ, {@code acknowledge-mode: manual}); Kafka's does not.
	 */
	public static boolean isManual(Message<?> message) {
		return message.getHeaders().get(AmqpHeaders.CHANNEL) instanceof Channel
				&& message.getHeaders().get(AmqpHeaders.DELIVERY_TAG) instanceof Long;
	}

	/**
	 * {@link #settle(Channel, long, CompletableFuture)} for a batch message that {@link #isManual} is;
	 * {@code work} gives the future, and a failed one when it throws.
	 */
	public void settle(Message<?> message, Supplier<CompletableFuture<?>> work) {
		Channel channel = message.getHeaders().get(AmqpHeaders.CHANNEL, Channel.class);
		Long lastDeliveryTag = message.getHeaders().get(AmqpHeaders.DELIVERY_TAG, Long.class);
		if (channel == null || lastDeliveryTag == null) {
			throw new IllegalArgumentException("The message carries no channel and delivery tag to acknowledge on");
		}
		CompletableFuture<?> safe;
		try {
			safe = work.get();
		}
		catch (RuntimeException ex) {
			safe = CompletableFuture.failedFuture(ex);
		}
		settle(channel, lastDeliveryTag, safe);
	}

	/**
	 * @param channel        the channel the batch was delivered on
	 * @param lastDeliveryTag the delivery tag of the batch's last message
	 * @param safe           completes when the batch may be acknowledged, fails when it must be
	 *                       redelivered
	 */
	public void settle(Channel channel, long lastDeliveryTag, CompletableFuture<?> safe) {
		// the channel itself, not Spring's cached proxy: a proxy whose channel closed may open another,
		// on which this tag would be unknown (the broker closes a channel acking an unknown tag)
		Channel target = (channel instanceof ChannelProxy proxy) ? proxy.getTargetChannel() : channel;
		synchronized (this) {
			this.byChannel.computeIfAbsent(target, (c) -> new ArrayDeque<>())
				.add(new Delivery(target, lastDeliveryTag, safe));
		}
		safe.whenComplete((result, failure) -> settleDone(target));
	}

	/** How many delivered batches wait for their settlement (for tests and diagnostics). */
	public synchronized int unsettled() {
		return this.byChannel.values().stream().mapToInt(ArrayDeque::size).sum();
	}

	private synchronized void settleDone(Channel channel) {
		ArrayDeque<Delivery> deliveries = this.byChannel.get(channel);
		if (deliveries == null) {
			return;
		}
		Delivery head;
		while ((head = deliveries.peek()) != null && head.safe().isDone()) {
			deliveries.poll();
			head.settle();
		}
		if (deliveries.isEmpty()) {
			this.byChannel.remove(channel);
		}
	}

	private record Delivery(Channel channel, long lastDeliveryTag, CompletableFuture<?> safe) {

		void settle() {
			boolean acknowledge = !this.safe.isCompletedExceptionally();
			try {
				if (acknowledge) {
					this.channel.basicAck(this.lastDeliveryTag, true);
				}
				else {
					this.channel.basicNack(this.lastDeliveryTag, true, true);
				}
			}
			catch (IOException | ShutdownSignalException | IllegalStateException ex) {
				log.info("The channel of a batch closed before it was {}; the broker delivers it again",
						acknowledge ? "acknowledged" : "handed back");
			}
		}

	}

}
