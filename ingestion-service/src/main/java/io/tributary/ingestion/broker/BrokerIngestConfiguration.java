package io.tributary.ingestion.broker;

import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Destinations;
import io.tributary.support.broker.ByteRecordTemplates;
import io.tributary.support.broker.RecordHeaderMapper;
import io.tributary.support.broker.RedeliveringErrorHandler;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.intake.EventIntake;
import io.tributary.ingestion.publish.EventPublisher;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.messaging.Message;

/**
 * The {@code ingest} consumer (binding {@code ingest-in-0}). On RabbitMQ: exchange {@code <ns>.ingest},
 * queue {@code <ns>.ingest.ingestion}, dead letters to exchange {@code <ns>.ingest.dlq} and queue
 * {@code <ns>.ingest.ingestion.dlq}. On Kafka (profile {@code kafka}): topic {@code <ns>.ingest},
 * group {@code ingestion}, dead letters to topic {@code <ns>.ingest.dlq}. Bindings are in
 * application.yml and application-kafka.yml.
 */
@Configuration(proxyBeanMethods = false)
class BrokerIngestConfiguration {

	static final String BINDER = "spring.cloud.stream.default-binder";

	@Bean
	Consumer<Message<byte[]>> ingest(EventIntake intake, EventPublisher publisher, IngestSource source,
			IngestionProperties properties, MeterRegistry meters) {
		BrokerIntake brokerIntake = new BrokerIntake(intake, properties.ingestion().maxRequestSize().toBytes());
		return new BrokerIngestHandler(brokerIntake, publisher, source, properties.ingestion().redeliveryDelay(),
				meters)::handle;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = BINDER, havingValue = "rabbit", matchIfMissing = true)
	static class Rabbit {

		@Bean
		IngestSource rabbitIngestSource(ConnectionFactory connectionFactory, IngestionProperties properties) {
			return new RabbitIngestSource(new DeadLetters(connectionFactory,
					Destinations.name(properties.namespace(), Destinations.INGEST_DEAD_LETTER),
					properties.ingestion().confirmTimeout()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = BINDER, havingValue = "kafka")
	static class Kafka {

		@Bean
		IngestSource kafkaIngestSource(ObjectProvider<KafkaProperties> kafka, IngestionProperties properties) {
			return new KafkaIngestSource(ByteRecordTemplates.create(kafka.getObject().buildProducerProperties()),
					Destinations.name(properties.namespace(), Destinations.INGEST_DEAD_LETTER),
					properties.ingestion().confirmTimeout());
		}

		/** Created at start-up by Spring Boot's KafkaAdmin, so rejected records always have a home. */
		@Bean
		NewTopic ingestDeadLetterTopic(IngestionProperties properties) {
			return TopicBuilder.name(Destinations.name(properties.namespace(), Destinations.INGEST_DEAD_LETTER))
				.partitions(1)
				.build();
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

}
