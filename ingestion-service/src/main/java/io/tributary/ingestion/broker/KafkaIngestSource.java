package io.tributary.ingestion.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Headers;
import io.tributary.ingestion.publish.PublishFailedException;
import io.tributary.support.broker.UnconfirmedException;
import io.tributary.support.kafka.AcknowledgedRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Kafka: publishers write to topic {@code <ns>.ingest} with the record key = stream name (the
 * routing key's counterpart). A record's ids are derived from its {@code message_id} header if it
 * has one, else from its topic, partition and offset, which never change: a record read again
 * after an ingestion crash always counts once. Rejected records go to topic {@code <ns>.ingest.dlq}
 * with the same key, value and content type, the reason in {@link Headers#REJECT_REASON} and where
 * they came from in {@link Headers#ORIGINAL_TOPIC}, {@link Headers#ORIGINAL_PARTITION} and
 * {@link Headers#ORIGINAL_OFFSET}.
 */
final class KafkaIngestSource implements IngestSource {

	/** Optional record header: the publisher's id of the message, as with AMQP's message_id. */
	static final String MESSAGE_ID = "message_id";

	private final AcknowledgedRecords records;

	private final String deadLetterTopic;

	private final Duration timeout;

	KafkaIngestSource(AcknowledgedRecords records, String deadLetterTopic, Duration timeout) {
		this.records = records;
		this.deadLetterTopic = deadLetterTopic;
		this.timeout = timeout;
	}

	@Override
	public BrokerMessage read(Message<byte[]> message) {
		MessageHeaders headers = message.getHeaders();
		String stream = text(headers.get(KafkaHeaders.RECEIVED_KEY));
		String messageId = text(headers.get(MESSAGE_ID));
		if (messageId == null || messageId.isBlank()) {
			messageId = "kafka:" + headers.get(KafkaHeaders.RECEIVED_TOPIC) + "/"
					+ headers.get(KafkaHeaders.RECEIVED_PARTITION) + "/" + headers.get(KafkaHeaders.OFFSET);
		}
		return new BrokerMessage((stream != null) ? stream : "", messageId, text(headers.get(MessageHeaders.CONTENT_TYPE)),
				message.getPayload());
	}

	@Override
	public void deadLetter(Message<byte[]> message, BrokerMessage input, String reason) {
		MessageHeaders headers = message.getHeaders();
		List<Header> out = new ArrayList<>();
		out.add(header(Headers.REJECT_REASON, reason));
		out.add(header(Headers.ORIGINAL_TOPIC, String.valueOf(headers.get(KafkaHeaders.RECEIVED_TOPIC))));
		out.add(header(Headers.ORIGINAL_PARTITION, String.valueOf(headers.get(KafkaHeaders.RECEIVED_PARTITION))));
		out.add(header(Headers.ORIGINAL_OFFSET, String.valueOf(headers.get(KafkaHeaders.OFFSET))));
		if (input.contentType() != null) {
			out.add(header(MessageHeaders.CONTENT_TYPE, input.contentType()));
		}
		String publisherId = text(headers.get(MESSAGE_ID));
		if (publisherId != null) {
			out.add(header(MESSAGE_ID, publisherId));
		}
		byte[] key = input.stream().isEmpty() ? null : input.stream().getBytes(StandardCharsets.UTF_8);
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(this.deadLetterTopic, null, key, input.body(), out);
		try {
			this.records.send(record, this.timeout);
		}
		catch (UnconfirmedException ex) {
			throw new PublishFailedException("the dead letter is not safe: " + ex.getMessage(), ex);
		}
	}

	private static Header header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/** Header values of records from other producers arrive as bytes. */
	private static @Nullable String text(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
	}

}
