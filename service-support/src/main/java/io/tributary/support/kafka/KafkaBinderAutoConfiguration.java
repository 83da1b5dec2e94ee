package io.tributary.support.kafka;

import io.tributary.support.broker.ConditionalOnKafkaBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

/**
 * What every service needs on Kafka (profile {@code kafka}): records from any producer read safely,
 * failed deliveries read again, and acknowledged sends for the records a service writes itself.
 * The bindings name the beans in each service's application-kafka.yml.
 */
@AutoConfiguration
@ConditionalOnClass(name = { "org.springframework.kafka.core.KafkaTemplate",
		"org.springframework.cloud.stream.binder.kafka.common.BinderHeaderMapper",
		"org.springframework.boot.kafka.autoconfigure.KafkaProperties" })
@ConditionalOnKafkaBinder
public final class KafkaBinderAutoConfiguration {

	/** Picked up by the Kafka binder by its name (see {@link RecordHeaderMapper}). */
	@Bean(RecordHeaderMapper.BEAN_NAME)
	@ConditionalOnMissingBean(name = RecordHeaderMapper.BEAN_NAME)
	RecordHeaderMapper kafkaBinderHeaderMapper() {
		return new RecordHeaderMapper();
	}

	/** Named by {@code common-error-handler-bean-name} of the Kafka consumer bindings: failures are read again. */
	@Bean
	@ConditionalOnMissingBean
	RedeliveringErrorHandler redeliveringErrorHandler() {
		return new RedeliveringErrorHandler();
	}

	/** Raw bytes, {@code acks=all}, with Spring Boot's producer settings (bootstrap servers, security, timeouts). */
	@Bean
	@ConditionalOnMissingBean
	AcknowledgedRecords acknowledgedRecords(ObjectProvider<KafkaProperties> kafka) {
		return new AcknowledgedRecords(ByteRecordTemplates.create(kafka.getObject().buildProducerProperties()));
	}

}
