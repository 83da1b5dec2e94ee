package io.tributary.ingestion.deadletter;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.contract.Destinations;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.intake.StreamCatalog;
import io.tributary.ingestion.publish.EventPublisher;
import io.tributary.support.broker.ConditionalOnKafkaBinder;
import io.tributary.support.broker.ConditionalOnRabbitBinder;
import io.tributary.support.kafka.AcknowledgedRecords;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires the dead-letter views and redrives. The broker queues: {@code ingest} is ingestion's own
 * ({@code <ns>.ingest.ingestion.dlq}, back to {@code <ns>.ingest}); {@code results} is storage's
 * ({@code <ns>.results.storage.dlq}, back to {@code <ns>.results}); their names follow the binders'
 * settings in each service's application.yml. On Kafka the topics {@code <ns>.ingest.dlq} and
 * {@code <ns>.results.storage.dlq}, back to {@code <ns>.ingest} and {@code <ns>.results}.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	@Bean
	PipelineDeadLetters pipelineDeadLetters(StringRedisTemplate redis, RedisKeys keys) {
		return new PipelineDeadLetters(redis, keys);
	}

	@Bean
	DeadLetterRedrive deadLetterRedrive(PipelineDeadLetters deadLetters, EventPublisher publisher,
			PipelineFile pipelineFile) {
		return new DeadLetterRedrive(deadLetters, publisher, pipelineFile, Clock.systemUTC());
	}

	@Bean
	InterruptedRedrives interruptedRedrives(PipelineDeadLetters deadLetters, DeadLetterRedrive redrive,
			StreamCatalog streams) {
		return new InterruptedRedrives(deadLetters, redrive, streams);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnRabbitBinder
	static class Rabbit {

		@Bean
		BrokerDeadLetterQueues rabbitDeadLetterQueues(AbstractConnectionFactory connectionFactory,
				IngestionProperties properties) {
			String ns = properties.namespace();
			String ingest = Destinations.name(ns, Destinations.INGEST);
			String results = Destinations.name(ns, Destinations.RESULTS);
			Map<String, RabbitDeadLetterQueues.QueueSpec> queues = new LinkedHashMap<>();
			// routing key = stream: a message that does not say its stream cannot go back
			queues.put("ingest", new RabbitDeadLetterQueues.QueueSpec(ingest + ".ingestion.dlq", ingest, null));
			// the results queue is bound with '#': any routing key reaches it
			queues.put("results", new RabbitDeadLetterQueues.QueueSpec(results + ".storage.dlq", results, results));
			return new RabbitDeadLetterQueues(connectionFactory.getRabbitConnectionFactory(), queues,
					properties.ingestion().confirmTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnKafkaBinder
	static class Kafka {

		@Bean
		BrokerDeadLetterQueues kafkaDeadLetterQueues(KafkaProperties kafka, AcknowledgedRecords records,
				IngestionProperties properties) {
			String ns = properties.namespace();
			String ingest = Destinations.name(ns, Destinations.INGEST);
			String results = Destinations.name(ns, Destinations.RESULTS);
			Map<String, KafkaDeadLetterQueues.TopicSpec> topics = new LinkedHashMap<>();
			topics.put("ingest", new KafkaDeadLetterQueues.TopicSpec(Destinations.name(ns, Destinations.INGEST_DEAD_LETTER),
					ingest));
			topics.put("results", new KafkaDeadLetterQueues.TopicSpec(results + ".storage.dlq", results));
			return new KafkaDeadLetterQueues(kafka.buildConsumerProperties(), ns + ".dead-letters", records, topics,
					properties.ingestion().confirmTimeout());
		}

	}

}
