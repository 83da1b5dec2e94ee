package io.tributary.support.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Templates for the records the services write themselves (dead letters): raw bytes, acks=all. */
public final class ByteRecordTemplates {

	private ByteRecordTemplates() {
	}

	/**
	 * @param producerProperties Spring Boot's producer settings ({@code KafkaProperties.buildProducerProperties()}),
	 *                           so bootstrap servers, security and timeouts are the binder's
	 */
	public static KafkaTemplate<byte[], byte[]> create(Map<String, Object> producerProperties) {
		Map<String, Object> config = new HashMap<>(producerProperties);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
	}

}
