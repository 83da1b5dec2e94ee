package io.tributary.support.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.support.broker.ConditionalOnKafkaBinder;
import io.tributary.support.broker.ConditionalOnRabbitBinder;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Input queue depths (RabbitMQ) or consumer lag (Kafka) of every consumer binding with a group, as
 * the gauge {@code tributary.queue.depth}; see {@link QueueDepths}. Polled every
 * {@code tributary.metrics.queue-depth-interval} (default 5 s).
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.cloud.stream.config.BindingServiceConfiguration",
		"org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, BindingServiceProperties.class })
@ConditionalOnBean({ MeterRegistry.class, BindingServiceProperties.class })
public final class QueueDepthAutoConfiguration {

	static final String INTERVAL = "tributary.metrics.queue-depth-interval";

	/** The queues the consumer bindings read: {@code destination.group}, per instance index when partitioned. */
	static List<InputQueue> inputQueues(BindingServiceProperties bindings, boolean kafka) {
		List<InputQueue> queues = new ArrayList<>();
		for (Map.Entry<String, BindingProperties> entry : bindings.getBindings().entrySet()) {
			BindingProperties binding = entry.getValue();
			String group = binding.getGroup();
			String destination = binding.getDestination();
			if (group == null || group.isBlank() || destination == null) {
				continue;
			}
			String queue = destination + "." + group;
			ConsumerProperties consumer = binding.getConsumer();
			if (kafka) {
				queues.add(new InputQueue(entry.getKey(), destination, group, destination));
			}
			else if (consumer != null && consumer.isPartitioned()) {
				List<Integer> indexes = consumer.getInstanceIndexList();
				if (indexes == null || indexes.isEmpty()) {
					int index = consumer.getInstanceIndex() >= 0 ? consumer.getInstanceIndex() : bindings.getInstanceIndex();
					indexes = List.of(index);
				}
				for (int index : indexes) {
					queues.add(new InputQueue(entry.getKey(), destination, group, queue + "-" + index));
				}
			}
			else {
				queues.add(new InputQueue(entry.getKey(), destination, group, queue));
				// the binder's dead-letter queue, when there is one: its gauge appears only if it exists
				queues.add(new InputQueue(entry.getKey(), destination, group, queue + ".dlq"));
			}
		}
		return queues;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnRabbitBinder
	@ConditionalOnClass(ConnectionFactory.class)
	@ConditionalOnBean(ConnectionFactory.class)
	static class Rabbit {

		@Bean
		QueueDepths queueDepths(BindingServiceProperties bindings, ConnectionFactory connectionFactory,
				MeterRegistry meters, Environment environment) {
			return new QueueDepths(inputQueues(bindings, false), new RabbitQueueDepths(connectionFactory),
					interval(environment), meters);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnKafkaBinder
	@ConditionalOnClass({ Admin.class, KafkaAdmin.class })
	@ConditionalOnBean(KafkaAdmin.class)
	static class Kafka {

		@Bean(destroyMethod = "close")
		KafkaConsumerLag kafkaConsumerLag(KafkaAdmin admin) {
			return new KafkaConsumerLag(Admin.create(admin.getConfigurationProperties()), Duration.ofSeconds(5));
		}

		@Bean
		QueueDepths queueDepths(BindingServiceProperties bindings, KafkaConsumerLag lag, MeterRegistry meters,
				Environment environment) {
			return new QueueDepths(inputQueues(bindings, true), lag, interval(environment), meters);
		}

	}

	private static Duration interval(Environment environment) {
		return environment.getProperty(INTERVAL, Duration.class, Duration.ofSeconds(5));
	}

}
