package io.tributary.processing.kafka;

import io.tributary.support.broker.RecordHeaderMapper;
import io.tributary.support.broker.RedeliveringErrorHandler;
import io.tributary.processing.stream.WindowStage;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What processing needs on Kafka (profile {@code kafka}); bindings are in application-kafka.yml. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.cloud.stream.default-binder", havingValue = "kafka")
class KafkaConfiguration {

	/** Window-state partitions follow the consumer group's assignment. */
	@Bean
	KafkaAssignment kafkaAssignment(WindowStage windows) {
		return new KafkaAssignment(windows);
	}

	/** Records from any producer are read safely (see RecordHeaderMapper). */
	@Bean(RecordHeaderMapper.BEAN_NAME)
	RecordHeaderMapper kafkaBinderHeaderMapper() {
		return new RecordHeaderMapper();
	}

	/** Named by {@code common-error-handler-bean-name} of the Kafka bindings: failures are read again. */
	@Bean
	RedeliveringErrorHandler redeliveringErrorHandler() {
		return new RedeliveringErrorHandler();
	}

}
