package io.tributary.storage.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Headers;
import io.tributary.contract.WireFormat;
import io.tributary.support.kafka.AcknowledgedRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Kafka: unreadable records go to topic {@code <ns>.results.storage.dlq} (created at start-up), with
 * the reason in {@link Headers#REJECT_REASON} and their origin in {@link Headers#ORIGINAL_TOPIC},
 * {@link Headers#ORIGINAL_PARTITION} and {@link Headers#ORIGINAL_OFFSET}; the batch is acknowledged
 * only after Kafka acknowledged them ({@link AcknowledgedRecords}, {@code acks=all}).
 */
final class KafkaDeadLetterQueue implements DeadLetterQueue {

	private final AcknowledgedRecords records;

	private final String topic;

	private final Duration timeout;

	KafkaDeadLetterQueue(AcknowledgedRecords records, String topic, Duration timeout) {
		this.records = records;
		this.topic = topic;
		this.timeout = timeout;
	}

	@Override
	public void send(List<RejectedMessage> messages) {
		List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(messages.size());
		for (RejectedMessage m : messages) {
			out.add(toRecord(m));
		}
		this.records.sendAll(out, this.timeout);
	}

	private ProducerRecord<byte[], byte[]> toRecord(RejectedMessage m) {
		List<Header> headers = new ArrayList<>();
		headers.add(header(Headers.REJECT_REASON, m.reason()));
		Object contentType = m.headers().get("contentType");
		headers.add(header("contentType", (contentType != null) ? contentType.toString() : WireFormat.Encoding.of(m.payload()).contentType()));
		copy(m, KafkaHeaders.RECEIVED_TOPIC, Headers.ORIGINAL_TOPIC, headers);
		copy(m, KafkaHeaders.RECEIVED_PARTITION, Headers.ORIGINAL_PARTITION, headers);
		copy(m, KafkaHeaders.OFFSET, Headers.ORIGINAL_OFFSET, headers);
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

}
