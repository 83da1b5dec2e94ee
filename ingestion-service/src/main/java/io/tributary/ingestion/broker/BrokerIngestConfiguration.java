package io.tributary.ingestion.broker;

import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Destinations;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.intake.EventIntake;
import io.tributary.ingestion.publish.EventPublisher;
import io.tributary.support.broker.ConditionalOnKafkaBinder;
import io.tributary.support.broker.ConditionalOnRabbitBinder;
import io.tributary.support.broker.ConfirmedRabbitTemplate;
import io.tributary.support.tracing.TraceHeaders;
import io.tributary.support.kafka.AcknowledgedRecords;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.messaging.Message;

/**
 * The {@code ingest} consumer (binding {@code ingest-in-0}). On RabbitMQ: exchange {@code <ns>.ingest},
 * queue {@code <ns>.ingest.ingestion}, dead letters to exchange {@code <ns>.ingest.dlq} and queue
 * {@code <ns>.ingest.ingestion.dlq}. On Kafka (profile {@code kafka}): topic {@code <ns>.ingest},
 * group {@code ingestion}, dead letters to topic {@code <ns>.ingest.dlq}. Bindings are in
 * application.yml and application-kafka.yml; the Kafka header mapper and error handler they name come
 * from service-support's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class BrokerIngestConfiguration {

	/** The event batch a message becomes continues the message's trace ({@code traceparent}), if it has a sampled one. */
	@Bean
	Consumer<Message<byte[]>> ingest(EventIntake intake, EventPublisher publisher, IngestSource source,
			IngestionProperties properties, MeterRegistry meters, TraceHeaders traces) {
		BrokerIntake brokerIntake = new BrokerIntake(intake, properties.ingestion().maxRequestSize().toBytes());
		BrokerIngestHandler handler = new BrokerIngestHandler(brokerIntake, publisher, source,
				properties.ingestion().redeliveryDelay(), meters);
		return (message) -> {
			try (TraceHeaders.InScope span = traces.continueFrom(List.of(message.getHeaders()), "ingest")) {
				handler.handle(message);
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnRabbitBinder
	static class Rabbit {

		@Bean
		IngestSource rabbitIngestSource(ConnectionFactory connectionFactory, IngestionProperties properties) {
			return new RabbitIngestSource(new DeadLetters(
					new ConfirmedRabbitTemplate(connectionFactory, properties.ingestion().confirmTimeout()),
					Destinations.name(properties.namespace(), Destinations.INGEST_DEAD_LETTER)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnKafkaBinder
	static class Kafka {

		/** Dead letters are sent with service-support's acknowledged sends ({@code KafkaBinderAutoConfiguration}). */
		@Bean
		IngestSource kafkaIngestSource(AcknowledgedRecords records, IngestionProperties properties) {
			return new KafkaIngestSource(records,
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

	}

}
