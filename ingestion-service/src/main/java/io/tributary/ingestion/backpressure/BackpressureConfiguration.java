package io.tributary.ingestion.backpressure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.RedisKeys;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.support.broker.BinderChoice;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Wires admission control: the accept lag processing reports to Redis, and the depths of the queues
 * (RabbitMQ) or the consumer lag of the topics (Kafka) downstream of ingestion, sampled in the
 * background; switched off, an {@link Admission} that admits every batch.
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

	/** The same on Kafka: each topic with the group that consumes it. */
	static List<KafkaBacklog.Consumed> downstreamTopics(String namespace) {
		return List.of(new KafkaBacklog.Consumed(namespace + ".events", "processing"),
				new KafkaBacklog.Consumed(namespace + ".keyed", "window"),
				new KafkaBacklog.Consumed(namespace + ".results", "storage"));
	}

	@Bean
	Admission admission(IngestionProperties properties, Environment environment,
			ObjectProvider<ConnectionFactory> connectionFactory, ObjectProvider<KafkaAdmin> kafkaAdmin,
			StringRedisTemplate redis, RedisKeys keys, MeterRegistry meters) {
		IngestionProperties.Backpressure settings = properties.ingestion().backpressure();
		@Nullable BacklogSource source = null;
		@Nullable AcceptLagSource lag = settings.enabled() ? new RedisAcceptLag(redis, keys, Clock.systemUTC()) : null;
		if (!settings.enabled()) {
			log.info("Backpressure is off (tributary.ingestion.backpressure.enabled=false): batches are accepted "
					+ "whatever the accept lag and the backlog");
		}
		else if (BinderChoice.of(environment).isKafka()) {
			KafkaAdmin kafka = kafkaAdmin.getIfAvailable();
			if (kafka != null) {
				source = new KafkaBacklog(Admin.create(kafka.getConfigurationProperties()),
						downstreamTopics(properties.namespace()), Duration.ofSeconds(2));
			}
			else {
				log.warn("Backpressure is not applied: no Kafka admin client is configured");
			}
		}
		else {
			source = new RabbitBacklog(connectionFactory.getObject(),
					downstreamQueues(properties.namespace(), settings.partitions()));
		}
		return new Admission(source, lag, new Admission.Limits(settings.maxBacklog(), settings.maxDelay(),
				settings.staleAfter(), settings.retryAfter()), System::nanoTime, meters);
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
