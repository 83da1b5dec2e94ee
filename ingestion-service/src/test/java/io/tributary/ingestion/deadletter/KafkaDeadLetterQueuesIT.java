package io.tributary.ingestion.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Headers;
import io.tributary.support.kafka.AcknowledgedRecords;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Kafka's dead-letter topics against an embedded broker: a peek reads without moving anything, a
 * redrive by id sends the record back to where it came from with a message id that never changes,
 * and what was redriven is committed only as a prefix, so an "all" redrive afterwards sends the rest
 * (and the one behind an unselected record once more, with the same message id).
 */
class KafkaDeadLetterQueuesIT {

	private static final String DLQ = "t.ingest.dlq";

	private static final String INGEST = "t.ingest";

	private static EmbeddedKafkaKraftBroker kafka;

	private static KafkaTemplate<byte[], byte[]> template;

	@BeforeAll
	static void startKafka() {
		kafka = new EmbeddedKafkaKraftBroker(1, 1, DLQ, INGEST);
		kafka.afterPropertiesSet();
		template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				kafka.getBrokersAsString(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.ACKS_CONFIG, "all")));
	}

	@AfterAll
	static void stopKafka() {
		template.destroy();
		kafka.destroy();
	}

	@Test
	void peeksWithoutMovingAndRedrivesByIdThenAllWithStableMessageIds() {
		AcknowledgedRecords records = new AcknowledgedRecords(template);
		// as KafkaIngestSource dead-letters them: one with its publisher's id, two without
		records.send(deadLetter("orders", "{\"a\":1}", "pub-1", 7), Duration.ofSeconds(10));
		records.send(deadLetter("orders", "{\"a\":2}", null, 8), Duration.ofSeconds(10));
		records.send(deadLetter("clicks", "{\"a\":3}", null, 9), Duration.ofSeconds(10));
		KafkaDeadLetterQueues queues = new KafkaDeadLetterQueues(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()), "t.dead-letters", records,
				Map.of("ingest", new KafkaDeadLetterQueues.TopicSpec(DLQ, INGEST)), Duration.ofSeconds(10));

		List<BrokerDeadLetter> first = queues.peek("ingest", 10);
		assertThat(first).extracting(BrokerDeadLetter::id)
			.containsExactly("pub-1", "kafka:t.ingest/0/8", "kafka:t.ingest/0/9");
		assertThat(first.get(1).reason()).isEqualTo("bad event 8");
		assertThat(first.get(1).routingKey()).isEqualTo("orders");
		assertThat(first.get(1).body()).isEqualTo("{\"a\":2}");
		assertThat(queues.peek("ingest", 10)).isEqualTo(first);
		assertThat(queues.depth("ingest")).isEqualTo(3);

		RedriveReport one = queues.redrive("ingest", List.of("kafka:t.ingest/0/8"), 100);

		assertThat(one.ids()).containsExactly("kafka:t.ingest/0/8");
		// not a prefix (pub-1 before it was not redriven): nothing committed
		assertThat(queues.depth("ingest")).isEqualTo(3);
		assertThatExceptionOfType(DeadLettersNotFoundException.class)
			.isThrownBy(() -> queues.redrive("ingest", List.of("nope"), 100));

		RedriveReport all = queues.redrive("ingest", null, 100);

		assertThat(all.ids()).containsExactly("pub-1", "kafka:t.ingest/0/8", "kafka:t.ingest/0/9");
		assertThat(queues.depth("ingest")).isZero();
		assertThat(queues.peek("ingest", 10)).isEmpty();
		List<ConsumerRecord<byte[], byte[]>> sent = readAll(INGEST, 4);
		assertThat(sent).extracting((r) -> header(r, KafkaDeadLetterQueues.MESSAGE_ID))
			.containsExactly("kafka:t.ingest/0/8", "pub-1", "kafka:t.ingest/0/8", "kafka:t.ingest/0/9");
		assertThat(sent).extracting((r) -> new String(r.key(), StandardCharsets.UTF_8))
			.containsExactly("orders", "orders", "orders", "clicks");
		assertThat(sent).allSatisfy((r) -> assertThat(r.headers().lastHeader(Headers.REJECT_REASON)).isNull());
	}

	private static ProducerRecord<byte[], byte[]> deadLetter(String stream, String body, String messageId, long offset) {
		List<Header> headers = new ArrayList<>();
		headers.add(new RecordHeader(Headers.REJECT_REASON, ("bad event " + offset).getBytes(StandardCharsets.UTF_8)));
		headers.add(new RecordHeader(Headers.ORIGINAL_TOPIC, INGEST.getBytes(StandardCharsets.UTF_8)));
		headers.add(new RecordHeader(Headers.ORIGINAL_PARTITION, "0".getBytes(StandardCharsets.UTF_8)));
		headers.add(new RecordHeader(Headers.ORIGINAL_OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8)));
		if (messageId != null) {
			headers.add(new RecordHeader(KafkaDeadLetterQueues.MESSAGE_ID, messageId.getBytes(StandardCharsets.UTF_8)));
		}
		return new ProducerRecord<>(DLQ, null, stream.getBytes(StandardCharsets.UTF_8),
				body.getBytes(StandardCharsets.UTF_8), headers);
	}

	private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG,
				"t.reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (all.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(all::add);
			}
			return all;
		}
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header h = record.headers().lastHeader(name);
		return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
	}

}
