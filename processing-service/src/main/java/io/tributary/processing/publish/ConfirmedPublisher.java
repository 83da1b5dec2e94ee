package io.tributary.processing.publish;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.support.broker.ConfirmedOutputs;
import io.tributary.support.broker.TransientFailure;
import io.tributary.support.broker.UnconfirmedException;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends records to output bindings and waits until the broker confirmed each one and routed it
 * (a returned, unroutable message is a failure: a confirm alone does not mean it is queued), with
 * service-support's {@link ConfirmedOutputs}. Rabbit bindings used with it set
 * {@code use-confirm-header: true}; Kafka bindings {@code sync: true}. The bindings are listed in
 * {@code spring.cloud.stream.output-bindings}. Records go out as {@link WireFormat#writeMessage}
 * writes them (JSON unless the process says Smile), with that encoding's content type.
 */
public class ConfirmedPublisher {

	private final ConfirmedOutputs outputs;

	public ConfirmedPublisher(ConfirmedOutputs outputs) {
		this.outputs = outputs;
	}

	/**
	 * One message to send: its binding, record, and for a partitioned binding the partition (also
	 * sent as the {@link Headers#PARTITION} header).
	 */
	public record Outgoing(String binding, Object payload, @Nullable Integer partition) {

		public Outgoing(String binding, Object payload) {
			this(binding, payload, null);
		}

	}

	/**
	 * Sends all, then waits for all confirms.
	 * @throws PublishException when any was not confirmed, was returned, or timed out; it lists the
	 * messages not known to be safe on the broker
	 */
	public void publishAll(List<Outgoing> messages) {
		ConfirmedOutputs.Sends sends = this.outputs.start(messages.size());
		try {
			for (Outgoing out : messages) {
				byte[] payload = WireFormat.writeMessage(out.payload());
				MessageBuilder<byte[]> message = MessageBuilder.withPayload(payload)
					.setHeader(MessageHeaders.CONTENT_TYPE, WireFormat.contentType(payload));
				Integer partition = out.partition();
				if (partition == null) {
					sends.send(out.binding(), message);
				}
				else {
					sends.send(out.binding(), message.setHeader(Headers.PARTITION, partition), partition);
				}
			}
			sends.awaitConfirms();
		}
		catch (UnconfirmedException ex) {
			List<Outgoing> unconfirmed = new ArrayList<>();
			for (int i = 0; i < messages.size(); i++) {
				if (!sends.isSafe(i)) {
					unconfirmed.add(messages.get(i));
				}
			}
			throw new PublishException(ex.getMessage(), ex, unconfirmed);
		}
	}

	/** A publish that is not known to be safe on the broker. */
	public static class PublishException extends RuntimeException implements TransientFailure {

		private final @Nullable List<Outgoing> unconfirmed;

		public PublishException(String message) {
			this(message, null, null);
		}

		public PublishException(String message, Throwable cause) {
			this(message, cause, null);
		}

		/** @param unconfirmed the messages not known to be safe on the broker; null: any of them */
		public PublishException(String message, @Nullable Throwable cause, @Nullable List<Outgoing> unconfirmed) {
			super(message, cause);
			this.unconfirmed = (unconfirmed != null) ? List.copyOf(unconfirmed) : null;
		}

		/** The messages to send again (those the broker confirmed need not be), or null when unknown: all. */
		public @Nullable List<Outgoing> unconfirmed() {
			return this.unconfirmed;
		}

	}

}
