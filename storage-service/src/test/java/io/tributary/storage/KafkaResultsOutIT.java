package io.tributary.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Alert;
import io.tributary.contract.Counts;
import io.tributary.contract.Destinations;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
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
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbound results topic on Kafka (profile {@code kafka}, a KRaft broker in this JVM, the real
 * Redis): result batches sent to {@code <ns>.results} come out on {@code <ns>.results.out} keyed
 * {@code <pipeline>|<key>}, every final result, retraction and alert revision, each key's in
 * revision order within its partition, a redelivered batch as duplicates with the same revisions and
 * ids. The records read are written to {@code target/results-out-kafka.jsonl}: the recording the
 * Spark example's test reads ({@code examples/spark/README.md}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("kafka")
class KafkaResultsOutIT {

	private static final String NS = TestInfrastructure.newNamespace("kafka-results-out-it");

	private static final EmbeddedKafkaKraftBroker kafka = startKafka();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("spring.kafka.bootstrap-servers", kafka::getBrokersAsString);
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", () -> "src/test/resources/pipelines/storage-test.yaml");
	}

	private static EmbeddedKafkaKraftBroker startKafka() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 4);
		broker.afterPropertiesSet();
		return broker;
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
		kafka.destroy();
	}

	@Test
	void publishesKeyedRecordsInRevisionOrderPerKeyAndARedeliveredBatchAgain() throws IOException {
		Instant w0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
		Instant w1 = w0.plusSeconds(10);
		// views: tumbling windows, one late revision, one open update that is not published
		WindowResult c1 = result("views", "campaign-1", w0, 10, true, 1, 10);
		WindowResult c2Open = result("views", "campaign-2", w0, 10, false, 1, 3);
		WindowResult c2 = result("views", "campaign-2", w0, 10, true, 2, 5);
		WindowResult c3 = result("views", "campaign-3", w0, 10, true, 1, 7);
		WindowResult c1Late = result("views", "campaign-1", w0, 10, true, 2, 12);
		WindowResult c1Next = result("views", "campaign-1", w1, 10, true, 1, 4);
		// sessions: a session merged with an earlier one moves its start, and its old start is retracted
		WindowResult s1 = result("sessions", "user-1", w0, 30, true, 1, 2);
		WindowResult s1Merged = result("sessions", "user-1", w0.minusSeconds(20), 50, true, 1, 5);
		WindowRetraction s1Retracted = new WindowRetraction("sessions", "user-1", w0, w0.plusSeconds(30), 2,
				w0.minusSeconds(20), w0.plusSeconds(30));
		Alert opened = Alert.opened("views", 1, "busy", "campaign-1", Alert.Severity.warning, Alert.Kind.threshold,
				"views > 8", w0, Alert.Breach.of(w0.plusSeconds(10), Map.of("views", 10L)), w0.plusSeconds(12));
		Alert resolved = opened.resolved(Alert.Resolution.recovered, w0.plusSeconds(22));

		ResultBatch first = new ResultBatch(List.of(c1, c2Open, c2, c3, s1), List.of(), List.of(), List.of(),
				List.of(opened));
		ResultBatch second = new ResultBatch(List.of(c1Late, c1Next, s1Merged), List.of(), List.of(),
				List.of(s1Retracted), List.of());
		ResultBatch third = ResultBatch.ofAlerts(List.of(resolved));
		send(first);
		send(second);
		// delivered again, as after a crash before the acknowledgement
		send(second);
		send(third);

		// the reference: each published revision's id, built from the inputs by hand
		Map<String, Integer> expectedCopies = new HashMap<>();
		for (String id : List.of(resultId(c1), resultId(c2), resultId(c3), resultId(s1), alertId(opened),
				alertId(resolved))) {
			expectedCopies.put(id, 1);
		}
		for (String id : List.of(resultId(c1Late), resultId(c1Next), resultId(s1Merged),
				"retraction|sessions|user-1|" + w0.toEpochMilli() + "|2")) {
			expectedCopies.put(id, 2);
		}
		int expectedRecords = expectedCopies.values().stream().mapToInt(Integer::intValue).sum();
		List<ConsumerRecord<byte[], byte[]>> records = readAll(Destinations.name(NS, Destinations.RESULTS_OUT),
				expectedRecords);

		assertThat(records).hasSize(expectedRecords);
		Map<String, Integer> copies = new HashMap<>();
		Map<String, Integer> partitionOfKey = new HashMap<>();
		Map<String, Long> lastRevision = new HashMap<>();
		for (ConsumerRecord<byte[], byte[]> r : records) {
			String type = header(r, "tributaryType");
			String pipeline = header(r, "tributaryPipeline");
			String key = header(r, "tributaryKey");
			long revision = Long.parseLong(header(r, "tributaryRevision"));
			String id = header(r, "tributaryMessageId");
			copies.merge(id, 1, Integer::sum);
			assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(pipeline + "|" + key);
			assertThat(header(r, "contentType")).isEqualTo("application/json");
			assertThat(id).startsWith(type + "|" + pipeline + "|").endsWith("|" + revision);
			Map<?, ?> body = WireFormat.read(r.value(), Map.class);
			assertThat(body.get("pipeline")).isEqualTo(pipeline);
			assertThat(body.get("key")).isEqualTo(key);
			assertThat(((Number) body.get("revision")).longValue()).isEqualTo(revision);
			assertThat(body.containsKey("state")).isFalse();
			// one key, one partition
			assertThat(partitionOfKey.computeIfAbsent(pipeline + "|" + key, (k) -> r.partition()))
				.isEqualTo(r.partition());
			if (type.equals("result")) {
				// per window, revisions never go down (a redelivery repeats the last one)
				String window = pipeline + "|" + key + "|" + body.get("windowStart");
				Long last = lastRevision.put(window, revision);
				assertThat(last == null || last <= revision).as("revision order of %s", window).isTrue();
			}
		}
		assertThat(copies).isEqualTo(expectedCopies);
		record(records);
	}

	private static String resultId(WindowResult r) {
		return "result|" + r.pipeline() + "|" + r.key() + "|" + r.windowStart().toEpochMilli() + "|" + r.revision();
	}

	private static String alertId(Alert a) {
		return "alert|" + a.pipeline() + "|" + a.rule() + "|" + a.key() + "|" + a.windowStart().toEpochMilli() + "|"
				+ a.revision();
	}

	private static WindowResult result(String pipeline, String key, Instant start, long seconds, boolean isFinal,
			long revision, long views) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("views", views);
		return new WindowResult(pipeline, key, start, start.plusSeconds(seconds), isFinal, revision,
				Map.of("views", views), new Counts(views, 0, 0), state);
	}

	private static void send(ResultBatch batch) {
		KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
		try {
			// one partition key for all: the batches are stored in the order sent
			template.send(new ProducerRecord<>(Destinations.name(NS, Destinations.RESULTS), null,
					"all".getBytes(StandardCharsets.UTF_8), WireFormat.write(batch),
					List.<Header>of(new RecordHeader("contentType", WireFormat.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))))
				.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			template.destroy();
		}
	}

	private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG,
				"subscriber", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
			while (all.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(all::add);
			}
			// anything beyond what is expected would show here
			consumer.poll(Duration.ofMillis(500)).forEach(all::add);
			return all;
		}
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header h = record.headers().lastHeader(name);
		assertThat(h).as("header %s", name).isNotNull();
		return new String(h.value(), StandardCharsets.UTF_8);
	}

	/** The records as JSON lines: partition, offset, key, value (the JSON text) and headers. */
	private static void record(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
		StringBuilder lines = new StringBuilder();
		Set<String> seen = new HashSet<>();
		for (ConsumerRecord<byte[], byte[]> r : records) {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("partition", r.partition());
			line.put("offset", r.offset());
			line.put("key", new String(r.key(), StandardCharsets.UTF_8));
			line.put("value", new String(r.value(), StandardCharsets.UTF_8));
			Map<String, String> headers = new LinkedHashMap<>();
			for (Header h : r.headers()) {
				headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
			}
			line.put("headers", headers);
			seen.add(r.partition() + "/" + r.offset());
			lines.append(WireFormat.writeString(line)).append('\n');
		}
		assertThat(seen).hasSize(records.size());
		Files.writeString(Path.of("target", "results-out-kafka.jsonl"), lines);
	}

}
