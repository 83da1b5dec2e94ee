package io.tributary.ingestion.backpressure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.support.broker.BinderChoice;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires admission control: on RabbitMQ, the depths of the queues downstream of ingestion sampled in
 * the background; on Kafka (no sampler yet) and when switched off, an {@link Admission} that admits
 * every batch.
 */
@Configuration(proxyBeanMethods = false)
class BackpressureConfiguration {

	private static final Logger log = LoggerFactory.getLogger(BackpressureConfiguration.class);

	/** The queues whose messages are work still to do for a batch ingestion accepted. */
	static List<String> downstreamQueues(String namespace, int partitions) {
		List<String> queues = new ArrayList<>();
		queues.add(namespace + ".events.processing");
		for (int partition = 0; partition < partitions; partition++) {
			queues.add(namespace + ".keyed.window-" + partition);
		}
		queues.add(namespace + ".results.storage");
		return queues;
	}

	@Bean
	Admission admission(IngestionProperties properties, Environment environment,
			ObjectProvider<ConnectionFactory> connectionFactory, MeterRegistry meters) {
		IngestionProperties.Backpressure settings = properties.ingestion().backpressure();
		@Nullable BacklogSource source = null;
		if (!settings.enabled()) {
			log.info("Backpressure is off (tributary.ingestion.backpressure.enabled=false): batches are accepted "
					+ "whatever the backlog");
		}
		else if (BinderChoice.of(environment).isKafka()) {
			log.info("Backpressure is not applied on Kafka: batches are accepted whatever the consumer lag");
		}
		else {
			source = new RabbitBacklog(connectionFactory.getObject(),
					downstreamQueues(properties.namespace(), settings.partitions()));
		}
		return new Admission(source, settings.maxBacklog(), settings.staleAfter(), settings.retryAfter(),
				System::nanoTime, meters);
	}

	@Bean
	BacklogPoller backlogPoller(Admission admission, IngestionProperties properties) {
		return new BacklogPoller(admission, properties.ingestion().backpressure().sampleInterval());
	}

	@Bean
	BacklogHealth backpressureHealthIndicator(Admission admission) {
		return new BacklogHealth(admission);
	}

}
