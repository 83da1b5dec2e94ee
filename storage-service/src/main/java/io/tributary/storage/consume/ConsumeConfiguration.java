package io.tributary.storage.consume;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Destinations;
import io.tributary.storage.StorageProperties;
import io.tributary.storage.out.InOrderPublisher;
import io.tributary.storage.out.ResultsPublisher;
import io.tributary.storage.store.ResultStore;
import io.tributary.storage.store.StoreOutcome;
import io.tributary.support.broker.BatchMessages;
import io.tributary.support.broker.ConditionalOnKafkaBinder;
import io.tributary.support.broker.ConditionalOnRabbitBinder;
import io.tributary.support.broker.ConfirmedRabbitTemplate;
import io.tributary.support.broker.FailureBackoff;
import io.tributary.support.broker.InOrderAcknowledgements;
import io.tributary.support.kafka.AcknowledgedRecords;
import io.tributary.support.metrics.HopLatency;
import io.tributary.support.tracing.TraceHeaders;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
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
	static final String BATCHED_HEADERS = BatchMessages.RABBIT_BATCHED_HEADERS;

	/** Closed after the binding stopped: publishes what was stored before, for at most the confirm timeout. */
	@Bean
	InOrderPublisher inOrderPublisher(ResultsPublisher publisher, StorageProperties properties) {
		StorageProperties.Storage storage = properties.storage();
		return new InOrderPublisher(publisher,
				FailureBackoff.sleeping(storage.failureBackoff(), storage.maxFailureBackoff()));
	}

	@Bean
	ResultBatchHandler resultBatchHandler(ResultStore store, InOrderPublisher publisher,
			DeadLetterQueue deadLetterQueue, StorageProperties properties, MeterRegistry registry) {
		StorageProperties.Storage storage = properties.storage();
		return new ResultBatchHandler(store::store, publisher, deadLetterQueue,
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
	 * list through its JSON converter, which hands over an empty list. The {@code results} hop is
	 * measured from when each result batch was sent ({@link HopLatency}).
	 *
	 * <p>RabbitMQ ({@code acknowledge-mode: manual}, so the batch carries its channel and last delivery
	 * tag): the consumer returns once the batch is stored and takes the next while the broker confirms
	 * this one's outbound results; {@link InOrderAcknowledgements} acknowledges it when they are
	 * confirmed, or hands it back. Otherwise (Kafka) it returns only when the batch is safe, and throws
	 * when it is not, for the binder to acknowledge or redeliver.
	 */
	@Bean
	Consumer<Message<?>> store(ResultBatchHandler handler, TraceHeaders traces, MeterRegistry meters) {
		HopLatency latency = new HopLatency(meters, "results", "store");
		InOrderAcknowledgements acknowledgements = new InOrderAcknowledgements();
		return (message) -> {
			List<Map<String, Object>> headers = batchedHeaders(message);
			latency.received(headers);
			// the batch's log lines and spans continue the trace of its first result batch of a sampled trace
			try (TraceHeaders.InScope span = traces.continueFrom(headers, "store")) {
				if (InOrderAcknowledgements.isManual(message)) {
					latency.handle(() -> acknowledgements.settle(message,
							() -> handler.handle(BatchMessages.payloads(message), headers)));
				}
				else {
					latency.handle(() -> awaitSafe(handler.handle(BatchMessages.payloads(message), headers)));
				}
			}
		};
	}

	/** Waits for the batch to be safe; throws what made it unsafe. */
	static StoreOutcome awaitSafe(CompletableFuture<StoreOutcome> safe) {
		try {
			return safe.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/** Each message's headers ({@link BatchMessages}). */
	static List<Map<String, Object>> batchedHeaders(Message<?> message) {
		return BatchMessages.headers(message);
	}

}
