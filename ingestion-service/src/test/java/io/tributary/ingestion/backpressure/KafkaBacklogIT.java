package io.tributary.ingestion.backpressure;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backlog on a real (embedded) Kafka: records of the watched topics not yet committed by their
 * groups, counted by hand here; a watched topic that does not exist counts nothing.
 */
class KafkaBacklogIT {

	private static final String EVENTS = "kb.events";

	private static final String KEYED = "kb.keyed";

	private static EmbeddedKafkaKraftBroker kafka;

	private static KafkaTemplate<byte[], byte[]> template;

	private static Admin admin;

	@BeforeAll
	static void startKafka() {
		kafka = new EmbeddedKafkaKraftBroker(1, 2, EVENTS, KEYED);
		kafka.afterPropertiesSet();
		template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				kafka.getBrokersAsString(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.ACKS_CONFIG, "all")));
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()));
	}

	@AfterAll
	static void stopKafka() {
		admin.close();
		template.destroy();
		kafka.destroy();
	}

	@Test
	void countsWhatTheGroupsHaveNotCommitted() throws Exception {
		send(EVENTS, 0, 3);
		send(EVENTS, 1, 2);
		send(KEYED, 1, 4);
		try (KafkaBacklog backlog = new KafkaBacklog(
				Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString())),
				BackpressureConfiguration.downstreamTopics("kb"), Duration.ofSeconds(10))) {
			assertThat(backlog.waitingMessages()).as("3 + 2 events, 4 keyed, no results topic").isEqualTo(9);

			// processing consumed partition 0 of the events whole and one record of partition 1
			admin.alterConsumerGroupOffsets("processing", Map.of(new TopicPartition(EVENTS, 0), new OffsetAndMetadata(3),
					new TopicPartition(EVENTS, 1), new OffsetAndMetadata(1)))
				.all()
				.get();
			assertThat(backlog.waitingMessages()).isEqualTo(1 + 4);
		}
	}

	private static void send(String topic, int partition, int records) throws Exception {
		for (int i = 0; i < records; i++) {
			template.send(topic, partition, new byte[0], new byte[] { 1 }).get();
		}
	}

}
