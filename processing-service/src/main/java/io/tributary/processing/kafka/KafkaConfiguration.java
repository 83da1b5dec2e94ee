package io.tributary.processing.kafka;

import io.tributary.processing.stream.WindowStage;
import io.tributary.support.broker.ConditionalOnKafkaBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What processing needs on Kafka (profile {@code kafka}) beyond service-support's Kafka beans (header
 * mapper, redelivering error handler); bindings are in application-kafka.yml.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnKafkaBinder
class KafkaConfiguration {

	/** Window-state partitions follow the consumer group's assignment. */
	@Bean
	KafkaAssignment kafkaAssignment(WindowStage windows) {
		return new KafkaAssignment(windows);
	}

}
