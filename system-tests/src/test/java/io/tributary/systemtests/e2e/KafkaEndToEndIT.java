package io.tributary.systemtests.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.tributary.contract.Destinations;
import io.tributary.systemtests.launch.Service;
import io.tributary.systemtests.launch.ServiceInstance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same services on Kafka, by configuration alone (Spring profile {@code kafka}), against a real
 * Kafka broker (KRaft) started in this JVM: two processing instances in one consumer group, whose
 * window-state partitions follow Kafka's assignment, and every service a separate process. The
 * end-to-end reference scenario (HTTP and records published straight onto the ingest topic); a
 * processing instance killed mid-stream, its partitions rebalanced to the other and back after its
 * restart; bad records dead-lettered to topics with their reason. Every window must equal the
 * reference computed from what was sent.
 */
// a Kafka broker in this JVM beside four services: alone, not beside another system test
@Isolated
@ExtendWith(ServiceLogsOnFailure.class)
class KafkaEndToEndIT {

	private static final Logger log = LoggerFactory.getLogger(KafkaEndToEndIT.class);

	private static final int PARTITIONS = 8;

	private static EmbeddedKafkaKraftBroker kafka;

	private static RunningSystem system;

	@BeforeAll
	static void startKafkaAndServices() {
		kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
		kafka.afterPropertiesSet();
		log.info("Kafka (KRaft) at {}", kafka.getBrokersAsString());
		Map<String, String> pipelines = new LinkedHashMap<>();
		pipelines.put("kafka-e2e", "kafka-events");
		pipelines.put("kafka-crash", "kafka-crash-events");
		pipelines.put(BAD_PIPELINE, BAD_STREAM);
		// a killed instance leaves the group after the session timeout, not the client default of 45 s
		Map<String, String> consumer = Map.of("spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms",
				"6000", "spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms", "1000");
		// a SIGKILLed consumer's partitions of <ns>.events stall until the group notices (the session
		// timeout) while the other instance goes on routing newer events: the stalled ones arrive that
		// much out of order. With the feed at ~3x real time that is up to ~30 s of event time, so the
		// drill's pipeline allows 60 s of lateness (see docs/operations.md, "Moving to Kafka")
		Map<String, Duration> lateness = Map.of("kafka-crash", Duration.ofSeconds(60));
		system = RunningSystem.startOnKafka(KafkaEndToEndIT.class, PipelineYaml.ysb(pipelines, lateness),
				kafka.getBrokersAsString(), (cluster) -> cluster.properties(consumer).instances(Service.PROCESSING, 2));
	}

	@AfterAll
	static void stop() {
		RunningSystem.closeThen(system, (kafka != null) ? kafka::destroy : null);
	}

	@Test
	void theReferenceScenarioGivesTheReferenceResultsOnKafka() {
		ReferenceScenario.run(system, "kafka-e2e", "kafka-events", 41, "kafka-e2e");

		Map<Integer, String> holders = leaseHolders();
		assertThat(holders).as("every partition is held by a running processing instance").hasSize(PARTITIONS);
		assertThat(new TreeSet<>(holders.values())).as("Kafka shared the partitions between both instances")
			.containsExactlyInAnyOrderElementsOf(runningPids());
	}

	@Test
	void killingAProcessingInstanceMovesItsPartitionsAndTheirStateWithoutLossOrDoubleCounting() {
		List<ServiceInstance> processing = system.cluster.running(Service.PROCESSING);
		assertThat(processing).hasSize(2);
		ServiceInstance victim = processing.get(1);

		MidStreamDrill.run(system, "kafka-crash", "kafka-crash-events", 42, Duration.ofSeconds(45),
				Duration.ofMillis(150), (sending, sentSoFar) -> {
					RunningSystem.sleep(Duration.ofSeconds(4));
					assertThat(sending).as("the feed is still being sent when %s is killed", victim).isNotDone();
					system.cluster.kill(victim);
					// the group notices after the session timeout and gives all partitions to the other
					// instance, which takes each lease when the dead process's expires
					RunningSystem.sleep(Duration.ofSeconds(8));
					system.cluster.restart(victim);
				});

		Map<Integer, String> holders = leaseHolders();
		assertThat(holders).hasSize(PARTITIONS);
		assertThat(runningPids()).containsAll(new TreeSet<>(holders.values()));
	}

	private static final String BAD_PIPELINE = "kafka-bad";

	private static final String BAD_STREAM = "kafka-bad-events";

	@Test
	void aBadRecordOnTheIngestTopicIsDeadLetteredWithItsReason() {
		String messageId = system.namespace + "-kafka-malformed";
		system.broker().publishRaw(BAD_STREAM, "[{\"event_id\": \"x\", ".getBytes(StandardCharsets.UTF_8),
				"application/json", messageId);
		String unknownStream = system.namespace + "-kafka-unknown-stream";
		system.broker().publish("no-such-stream", List.of(Map.of("event_id", "y")), unknownStream);

		ConsumerRecord<byte[], byte[]> malformed = awaitRecord(Destinations.name(system.namespace,
				Destinations.INGEST_DEAD_LETTER), "message_id", messageId);
		assertThat(header(malformed, "x-tributary-reject-reason")).as("reason").isNotBlank();
		assertThat(new String(malformed.key(), StandardCharsets.UTF_8)).isEqualTo(BAD_STREAM);
		assertThat(header(malformed, "x-original-topic")).isEqualTo(Destinations.name(system.namespace, Destinations.INGEST));
		ConsumerRecord<byte[], byte[]> unknown = awaitRecord(Destinations.name(system.namespace,
				Destinations.INGEST_DEAD_LETTER), "message_id", unknownStream);
		assertThat(header(unknown, "x-tributary-reject-reason")).contains("no-such-stream");
	}

	@Test
	void anUnreadableResultRecordIsDeadLetteredByStorageWithItsReason() {
		String marker = "not a result batch " + UUID.randomUUID();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(), ProducerConfig.ACKS_CONFIG, "all"),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(Destinations.name(system.namespace, Destinations.RESULTS),
					marker.getBytes(StandardCharsets.UTF_8))).get();
		}
		catch (Exception ex) {
			throw new AssertionError("could not produce to the results topic: " + ex, ex);
		}

		ConsumerRecord<byte[], byte[]> dead = awaitRecord(Destinations.name(system.namespace, Destinations.RESULTS)
				+ ".storage.dlq", null, marker);
		assertThat(header(dead, "x-tributary-reject-reason")).as("reason").isNotBlank();
		assertThat(header(dead, "x-original-topic")).isEqualTo(Destinations.name(system.namespace, Destinations.RESULTS));
	}

	/** The lease holders' pids by partition: {@code <index>of<count>@<host>:<start-ms>:<pid>:<random>}. */
	private static Map<Integer, String> leaseHolders() {
		List<String> keys = new ArrayList<>();
		for (int p = 0; p < PARTITIONS; p++) {
			keys.add(system.namespace + ":ckpt:{p" + p + "}:owner");
		}
		Map<String, String> owners = system.redisStrings(keys);
		Map<Integer, String> pids = new HashMap<>();
		for (int p = 0; p < PARTITIONS; p++) {
			String owner = owners.get(keys.get(p));
			if (owner != null) {
				pids.put(p, owner.split(":")[2]);
			}
		}
		return pids;
	}

	private static Set<String> runningPids() {
		Set<String> pids = new TreeSet<>();
		system.cluster.running(Service.PROCESSING).forEach((i) -> pids.add(String.valueOf(i.pid())));
		return pids;
	}

	/**
	 * Reads the topic from the start until a record whose header (or, with no header name, whose value)
	 * equals {@code expected}.
	 */
	private static ConsumerRecord<byte[], byte[]> awaitRecord(String topic, String headerName, String expected) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
				ConsumerConfig.GROUP_ID_CONFIG, "system-tests-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
					String actual = (headerName != null) ? header(r, headerName)
							: new String(r.value(), StandardCharsets.UTF_8);
					if (expected.equals(actual)) {
						return r;
					}
				}
			}
		}
		throw new AssertionError("no record with " + ((headerName != null) ? headerName : "value") + " = " + expected
				+ " on topic " + topic + " within 30 s (" + Instant.now() + ")");
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header h = record.headers().lastHeader(name);
		return (h == null) ? null : new String(h.value(), StandardCharsets.UTF_8);
	}

}
