package io.tributary.support.broker;

import java.time.Duration;

import io.tributary.contract.Headers;
import io.tributary.support.diagnostics.Causes;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends serialised messages to bound outputs and returns only once the broker holds each of them.
 * On RabbitMQ every message carries a correlation ({@link PendingConfirms}) that the binding completes
 * (its producer sets {@code use-confirm-header: true}); on Kafka the bindings are synchronous
 * ({@code sync: true}, {@code acks=all}), so a send returns when the record is acknowledged and
 * throws when it is not. Failures are {@link UnconfirmedException}s. Every message says when it was
 * sent ({@link Headers#SENT_AT}), from which its consumer measures the hop ({@code HopLatency}).
 */
public final class ConfirmedOutputs {

	private final BoundOutputs outputs;

	private final Duration timeout;

	private final boolean correlated;

	/** @param timeout how long to wait for RabbitMQ's confirms (Kafka's producer has its own timeouts) */
	public ConfirmedOutputs(BoundOutputs outputs, BinderChoice binder, Duration timeout) {
		this.outputs = outputs;
		this.timeout = timeout;
		this.correlated = !binder.isKafka();
	}

	/** Starts sending messages that are then confirmed together ({@link Sends#awaitConfirms()}). */
	public Sends start(int expected) {
		return new Sends(this.correlated ? new PendingConfirms(expected) : null);
	}

	/** The messages of one {@link #start(int)}. */
	public final class Sends {

		private final @Nullable PendingConfirms confirms;

		/** How many messages the bindings took. */
		private int sent;

		private Sends(@Nullable PendingConfirms confirms) {
			this.confirms = confirms;
		}

		/**
		 * Sends the message to the binding's channel, with the trace context and when it was sent
		 * ({@link Headers#SENT_AT}, unless the message has it already).
		 */
		public void send(String binding, MessageBuilder<byte[]> message) {
			ConfirmedOutputs.this.outputs.traceHeaders().forEach(message::setHeaderIfAbsent);
			message.setHeaderIfAbsent(Headers.SENT_AT, System.currentTimeMillis());
			if (this.confirms != null) {
				message.setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, this.confirms.next());
			}
			try {
				if (!ConfirmedOutputs.this.outputs.send(binding, message.build())) {
					throw new UnconfirmedException("the output binding " + binding + " did not take the message");
				}
				this.sent++;
			}
			catch (MessagingException | AmqpException ex) {
				throw new UnconfirmedException("cannot publish to the broker: " + Causes.rootMessage(ex), ex);
			}
		}

		/** Sends the message to one partition of a partitioned binding (see {@link BoundOutputs}). */
		public void send(String binding, MessageBuilder<byte[]> message, int partition) {
			send(binding, message.setHeader(BinderHeaders.PARTITION_HEADER, partition));
		}

		/**
		 * Whether the {@code index}-th message sent (0-based) is known to be safe on the broker by now:
		 * after a failure, the messages for which this is false are the ones to send again.
		 */
		public boolean isSafe(int index) {
			if (index >= this.sent) {
				return false;
			}
			// Kafka (sync sends): a message the binding took is acknowledged
			return this.confirms == null || this.confirms.isSafe(index);
		}

		/** Returns once every message sent is safe on the broker; on Kafka they are already. */
		public void awaitConfirms() {
			if (this.confirms != null) {
				this.confirms.await(ConfirmedOutputs.this.timeout);
			}
		}

	}

}
