package io.tributary.systemtests.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.contract.WireFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes events to the ingest topic as a Kafka publisher does: record key = stream, a JSON object
 * or array value, the publisher's id in header {@code message_id}, {@code acks=all}. A record counts
 * as sent only once Kafka acknowledged it.
 */
public final class KafkaIngestPublisher implements BrokerIngestPublisher {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final KafkaProducer<byte[], byte[]> producer;

	private final String topic;

	public KafkaIngestPublisher(String bootstrapServers, String topic) {
		this.topic = topic;
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.CLIENT_ID_CONFIG, "tributary-system-tests"),
				new ByteArraySerializer(), new ByteArraySerializer());
	}

	@Override
	public void publish(String stream, Object body, String messageId) {
		publishRaw(stream, WireFormat.write(body), WireFormat.CONTENT_TYPE, messageId);
	}

	@Override
	public void publishRaw(String stream, byte[] body, String contentType, String messageId) {
		List<Header> headers = List.of(new RecordHeader("message_id", messageId.getBytes(StandardCharsets.UTF_8)),
				new RecordHeader("contentType", contentType.getBytes(StandardCharsets.UTF_8)));
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(this.topic, null,
				stream.getBytes(StandardCharsets.UTF_8), body, headers);
		try {
			this.producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Publishing to topic " + this.topic + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing", ex);
		}
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
	}

}
