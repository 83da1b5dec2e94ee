package io.tributary.storage.consume;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Destinations;
import io.tributary.storage.StorageProperties;
import io.tributary.storage.store.ResultStore;
import io.tributary.support.broker.ConditionalOnKafkaBinder;
import io.tributary.support.broker.ConditionalOnRabbitBinder;
import io.tributary.support.broker.ConfirmedRabbitTemplate;
import io.tributary.support.broker.FailureBackoff;
import io.tributary.support.kafka.AcknowledgedRecords;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Binds the {@code store} consumer ({@code store-in-0}: {@code <ns>.results}, group
 * {@code storage}) to the batch handler. Destinations, batching, acknowledgement and the
 * dead-letter queue are configured in application.yml.
 */
@Configuration(proxyBeanMethods = false)
class ConsumeConfiguration {

	/** The consumer group of {@code store-in-0}; the results queue is {@code <ns>.results.storage}. */
	static final String GROUP = "storage";

	/** Where the binder puts each message's headers in batch mode. */
	static final String BATCHED_HEADERS = "amqp_batchedHeaders";

	@Bean
	ResultBatchHandler resultBatchHandler(ResultStore store, DeadLetterQueue deadLetterQueue,
			StorageProperties properties, MeterRegistry registry) {
		StorageProperties.Storage storage = properties.storage();
		return new ResultBatchHandler(store::store, deadLetterQueue,
				FailureBackoff.sleeping(storage.failureBackoff(), storage.maxFailureBackoff()),
				new StorageMetrics(registry));
	}

	/** The dead-letter queue of the results queue, {@code <ns>.results.storage.dlq}. */
	static String deadLetterQueue(StorageProperties properties) {
		return resultsQueue(properties) + ".dlq";
	}

	private static String resultsQueue(StorageProperties properties) {
		return Destinations.name(properties.namespace(), Destinations.RESULTS) + "." + GROUP;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnRabbitBinder
	static class Rabbit {

		@Bean
		DeadLetterQueue rabbitDeadLetterQueue(ConnectionFactory connectionFactory, StorageProperties properties) {
			// must match spring.cloud.stream.rabbit.bindings.store-in-0.consumer.dead-letter-exchange
			String deadLetterExchange = properties.namespace() + ".dlx";
			return new RabbitDeadLetterQueue(
					new ConfirmedRabbitTemplate(connectionFactory, properties.storage().deadLetterQueueTimeout()),
					deadLetterExchange, resultsQueue(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnKafkaBinder
	static class Kafka {

		/** Dead letters are sent with service-support's acknowledged sends ({@code KafkaBinderAutoConfiguration}). */
		@Bean
		DeadLetterQueue kafkaDeadLetterQueue(AcknowledgedRecords records, StorageProperties properties) {
			return new KafkaDeadLetterQueue(records,
					deadLetterQueue(properties), properties.storage().deadLetterQueueTimeout());
		}

		/** Created at start-up by Spring Boot's KafkaAdmin. */
		@Bean
		NewTopic resultsDeadLetterTopic(StorageProperties properties) {
			return TopicBuilder.name(deadLetterQueue(properties)).partitions(1).build();
		}

	}

	/**
	 * Takes the batch as the binder delivers it (a list of byte[] bodies). Typed as
	 * {@code Message<?>} on purpose: for {@code Message<List<byte[]>>} the function layer runs the
	 * list through its JSON converter, which hands over an empty list.
	 */
	@Bean
	Consumer<Message<?>> store(ResultBatchHandler handler) {
		return (message) -> handler.handle(payloads(message), batchedHeaders(message));
	}

	private static List<byte[]> payloads(Message<?> message) {
		if (!(message.getPayload() instanceof List<?> list)) {
			throw new IllegalStateException("Expected a batch (consumer batch-mode), got a "
					+ message.getPayload().getClass().getName());
		}
		List<byte[]> payloads = new ArrayList<>(list.size());
		for (Object item : list) {
			if (!(item instanceof byte[] bytes)) {
				throw new IllegalStateException("Expected byte[] message bodies, got a " + item.getClass().getName());
			}
			payloads.add(bytes);
		}
		return payloads;
	}

	/**
	 * Each message's headers. RabbitMQ: the binder's {@code amqp_batchedHeaders}. Kafka: the
	 * converted record headers plus each record's topic, partition and offset, which Kafka's batch
	 * conversion gives as lists.
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> batchedHeaders(Message<?> message) {
		MessageHeaders all = message.getHeaders();
		if (all.get(BATCHED_HEADERS) instanceof List<?> list) {
			return (List<Map<String, Object>>) list;
		}
		if (!(all.get(KafkaHeaders.OFFSET) instanceof List<?> offsets)) {
			return List.of();
		}
		List<?> converted = all.get(KafkaHeaders.BATCH_CONVERTED_HEADERS) instanceof List<?> l ? l : List.of();
		List<Map<String, Object>> result = new ArrayList<>(offsets.size());
		for (int i = 0; i < offsets.size(); i++) {
			Map<String, Object> headers = new HashMap<>();
			if (i < converted.size() && converted.get(i) instanceof Map<?, ?> map) {
				map.forEach((k, v) -> {
					if (k != null && v != null) {
						headers.put(k.toString(), v);
					}
				});
			}
			putAt(headers, KafkaHeaders.RECEIVED_TOPIC, all.get(KafkaHeaders.RECEIVED_TOPIC), i);
			putAt(headers, KafkaHeaders.RECEIVED_PARTITION, all.get(KafkaHeaders.RECEIVED_PARTITION), i);
			putAt(headers, KafkaHeaders.OFFSET, offsets, i);
			result.add(headers);
		}
		return result;
	}

	private static void putAt(Map<String, Object> headers, String name, Object values, int index) {
		if (values instanceof List<?> list && index < list.size() && list.get(index) != null) {
			headers.put(name, list.get(index));
		}
	}

}
