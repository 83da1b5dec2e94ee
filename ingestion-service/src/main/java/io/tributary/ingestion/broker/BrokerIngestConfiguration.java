package io.tributary.ingestion.broker;

import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Destinations;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.intake.EventIntake;
import io.tributary.ingestion.publish.EventPublisher;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The {@code ingest} consumer (binding {@code ingest-in-0}: exchange {@code <ns>.ingest}, queue
 * {@code <ns>.ingest.ingestion}, dead letters to exchange {@code <ns>.ingest.dlq} and queue
 * {@code <ns>.ingest.ingestion.dlq}; all set in application.yml).
 */
@Configuration(proxyBeanMethods = false)
class BrokerIngestConfiguration {

	@Bean
	Consumer<Message<byte[]>> ingest(EventIntake intake, EventPublisher publisher, ConnectionFactory connectionFactory,
			IngestionProperties properties, MeterRegistry meters) {
		DeadLetters deadLetters = new DeadLetters(connectionFactory,
				Destinations.name(properties.namespace(), Destinations.INGEST_DEAD_LETTER),
				properties.ingestion().confirmTimeout());
		BrokerIntake brokerIntake = new BrokerIntake(intake, properties.ingestion().maxRequestSize().toBytes());
		return new BrokerIngestHandler(brokerIntake, publisher, deadLetters, properties.ingestion().redeliveryDelay(),
				meters)::handle;
	}

}
