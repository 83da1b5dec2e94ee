package io.tributary.storage.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.contract.WireFormat;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;

/**
 * Kafka: unreadable records go to topic {@code <ns>.results.storage.dlq} (created at start-up), with
 * the reason in {@code x-exception-message} and their origin in {@code x-original-topic},
 * {@code x-original-partition} and {@code x-original-offset}; the batch is acknowledged only after
 * Kafka acknowledged them ({@code acks=all}).
 */
final class KafkaDeadLetterQueue implements DeadLetterQueue {

	static final String ORIGINAL_TOPIC = "x-original-topic";

	static final String ORIGINAL_PARTITION = "x-original-partition";

	static final String ORIGINAL_OFFSET = "x-original-offset";

	private final KafkaTemplate<byte[], byte[]> template;

	private final String topic;

	private final Duration timeout;

	KafkaDeadLetterQueue(KafkaTemplate<byte[], byte[]> template, String topic, Duration timeout) {
		this.template = template;
		this.topic = topic;
		this.timeout = timeout;
	}

	@Override
	public void send(List<RejectedMessage> messages) {
		List<CompletableFuture<SendResult<byte[], byte[]>>> pending = new ArrayList<>(messages.size());
		try {
			for (RejectedMessage m : messages) {
				pending.add(this.template.send(toRecord(m)));
			}
			long deadline = System.nanoTime() + this.timeout.toNanos();
			for (CompletableFuture<SendResult<byte[], byte[]>> future : pending) {
				future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (ExecutionException ex) {
			throw new DeadLetterException("Kafka refused a dead-lettered record: " + ex.getCause().getMessage(), ex);
		}
		catch (TimeoutException ex) {
			throw new DeadLetterException("Kafka did not acknowledge a dead-lettered record within " + this.timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeadLetterException("Interrupted while dead-lettering", ex);
		}
		catch (org.springframework.kafka.KafkaException ex) {
			throw new DeadLetterException("Cannot dead-letter: " + ex.getMessage(), ex);
		}
	}

	private ProducerRecord<byte[], byte[]> toRecord(RejectedMessage m) {
		List<Header> headers = new ArrayList<>();
		headers.add(header(RabbitDeadLetterQueue.EXCEPTION_MESSAGE, m.reason()));
		Object contentType = m.headers().get("contentType");
		headers.add(header("contentType", (contentType != null) ? contentType.toString() : WireFormat.CONTENT_TYPE));
		copy(m, KafkaHeaders.RECEIVED_TOPIC, ORIGINAL_TOPIC, headers);
		copy(m, KafkaHeaders.RECEIVED_PARTITION, ORIGINAL_PARTITION, headers);
		copy(m, KafkaHeaders.OFFSET, ORIGINAL_OFFSET, headers);
		return new ProducerRecord<>(this.topic, null, (byte[]) null, m.payload(), headers);
	}

	private static void copy(RejectedMessage m, String name, String as, List<Header> to) {
		Object value = m.headers().get(name);
		if (value != null) {
			to.add(header(as, value.toString()));
		}
	}

	private static Header header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/** Dead-lettering failed; the batch is read again. */
	static final class DeadLetterException extends RuntimeException {

		DeadLetterException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
