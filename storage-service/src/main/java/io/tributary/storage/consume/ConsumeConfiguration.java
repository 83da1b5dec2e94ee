package io.tributary.storage.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Destinations;
import io.tributary.storage.StorageProperties;
import io.tributary.storage.store.ResultStore;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

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
	ResultBatchHandler resultBatchHandler(ResultStore store, ConnectionFactory connectionFactory,
			StorageProperties properties, MeterRegistry registry) {
		StorageProperties.Storage storage = properties.storage();
		String queue = Destinations.name(properties.namespace(), Destinations.RESULTS) + "." + GROUP;
		// must match spring.cloud.stream.rabbit.bindings.store-in-0.consumer.dead-letter-exchange
		String deadLetterExchange = properties.namespace() + ".dlx";
		DeadLetterQueue deadLetterQueue = new RabbitDeadLetterQueue(connectionFactory, deadLetterExchange, queue,
				storage.deadLetterQueueTimeout());
		return new ResultBatchHandler(store::store, deadLetterQueue,
				FailureBackoff.sleeping(storage.failureBackoff(), storage.maxFailureBackoff()),
				new StorageMetrics(registry));
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

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> batchedHeaders(Message<?> message) {
		Object headers = message.getHeaders().get(BATCHED_HEADERS);
		return headers instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
	}

}
