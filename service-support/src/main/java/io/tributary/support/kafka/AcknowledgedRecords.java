package io.tributary.support.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.support.broker.UnconfirmedException;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Sends the records a service writes itself (dead letters) and returns only once Kafka acknowledged
 * each ({@code acks=all}, {@link ByteRecordTemplates}): Kafka's counterpart of a publisher confirm.
 */
public final class AcknowledgedRecords {

	private final KafkaTemplate<byte[], byte[]> template;

	public AcknowledgedRecords(KafkaTemplate<byte[], byte[]> template) {
		this.template = template;
	}

	/**
	 * Sends all, then waits for all acknowledgements under one deadline.
	 * @throws UnconfirmedException when a record was not sent, was refused, or not acknowledged in time
	 */
	public void sendAll(List<ProducerRecord<byte[], byte[]>> records, Duration timeout) {
		List<CompletableFuture<SendResult<byte[], byte[]>>> pending = new ArrayList<>(records.size());
		try {
			for (ProducerRecord<byte[], byte[]> record : records) {
				pending.add(this.template.send(record));
			}
			long deadline = System.nanoTime() + timeout.toNanos();
			for (CompletableFuture<SendResult<byte[], byte[]>> future : pending) {
				future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (KafkaException ex) {
			throw new UnconfirmedException("cannot publish to Kafka: " + ex.getMessage(), ex);
		}
		catch (ExecutionException ex) {
			throw new UnconfirmedException("Kafka refused the record: " + ex.getCause().getMessage(), ex);
		}
		catch (TimeoutException ex) {
			throw new UnconfirmedException("Kafka did not acknowledge the record within " + timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnconfirmedException("interrupted while waiting for Kafka's acknowledgement", ex);
		}
	}

	/** {@link #sendAll} of one record. */
	public void send(ProducerRecord<byte[], byte[]> record, Duration timeout) {
		sendAll(List.of(record), timeout);
	}

}
