package io.tributary.storage.out;

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

/**
 * Kafka: the topic {@code <ns>.results.out}, record key {@code <pipeline>|<key>} (so one key's
 * revisions stay in order in one partition), returned only after Kafka acknowledged every record
 * ({@link AcknowledgedRecords}, {@code acks=all}, idempotent producer).
 */
final class KafkaOutboundDestination implements OutboundDestination {

	private final AcknowledgedRecords records;

	private final String topic;

	private final Duration timeout;

	KafkaOutboundDestination(AcknowledgedRecords records, String topic, Duration timeout) {
		this.records = records;
		this.topic = topic;
		this.timeout = timeout;
	}

	@Override
	public void send(List<OutboundMessage> messages) {
		List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(messages.size());
		for (OutboundMessage m : messages) {
			out.add(toRecord(m));
		}
		this.records.sendAll(out, this.timeout);
	}

	private ProducerRecord<byte[], byte[]> toRecord(OutboundMessage m) {
		List<Header> headers = List.of(header("contentType", WireFormat.CONTENT_TYPE),
				header(Headers.RESULT_TYPE, m.type().wireName()), header(Headers.PIPELINE, m.pipeline()),
				header(Headers.KEY, m.key()), header(Headers.REVISION, Long.toString(m.revision())),
				header(Headers.MESSAGE_ID, m.id()));
		return new ProducerRecord<>(this.topic, null, m.recordKey().getBytes(StandardCharsets.UTF_8), m.json(),
				headers);
	}

	private static Header header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
