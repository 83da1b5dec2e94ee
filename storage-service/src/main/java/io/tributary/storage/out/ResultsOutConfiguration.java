package io.tributary.storage.out;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Destinations;
import io.tributary.storage.StorageProperties;
import io.tributary.support.broker.ConditionalOnKafkaBinder;
import io.tributary.support.broker.ConditionalOnRabbitBinder;
import io.tributary.support.broker.ConfirmedRabbitTemplate;
import io.tributary.support.kafka.AcknowledgedRecords;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The outbound results destination {@code <ns>.results.out} on the selected binder, declared at
 * start-up (RabbitMQ: a durable topic exchange, which Spring Boot's {@code RabbitAdmin} declares on
 * every new connection; Kafka: a topic, which {@code KafkaAdmin} creates), and the publisher
 * that sends to it. Off with {@code tributary.storage.results-out.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
class ResultsOutConfiguration {

	static String destination(StorageProperties properties) {
		return Destinations.name(properties.namespace(), Destinations.RESULTS_OUT);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "tributary.storage.results-out.enabled", havingValue = "false")
	static class Off {

		@Bean
		ResultsPublisher noResultsPublisher() {
			return ResultsPublisher.NONE;
		}

	}

	private static OutboundMessages messages(StorageProperties properties) {
		StorageProperties.ResultsOut out = properties.storage().resultsOut();
		return new OutboundMessages(out.types(), out.nonFinal());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnRabbitBinder
	@ConditionalOnProperty(name = "tributary.storage.results-out.enabled", matchIfMissing = true)
	static class Rabbit {

		@Bean
		TopicExchange resultsOutExchange(StorageProperties properties) {
			return ExchangeBuilder.topicExchange(destination(properties)).durable(true).build();
		}

		@Bean
		ResultsPublisher rabbitResultsPublisher(ConnectionFactory connectionFactory, StorageProperties properties,
				MeterRegistry registry) {
			ConfirmedRabbitTemplate template = ConfirmedRabbitTemplate.unroutableAllowed(connectionFactory,
					properties.storage().resultsOut().confirmTimeout());
			return new OutboundResults(messages(properties),
					new RabbitOutboundDestination(template, destination(properties)), registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnKafkaBinder
	@ConditionalOnProperty(name = "tributary.storage.results-out.enabled", matchIfMissing = true)
	static class Kafka {

		/** Created at start-up by Spring Boot's KafkaAdmin. */
		@Bean
		NewTopic resultsOutTopic(StorageProperties properties) {
			return TopicBuilder.name(destination(properties))
				.partitions(properties.storage().resultsOut().partitions())
				.build();
		}

		@Bean
		ResultsPublisher kafkaResultsPublisher(AcknowledgedRecords records, StorageProperties properties,
				MeterRegistry registry) {
			return new OutboundResults(messages(properties), new KafkaOutboundDestination(records,
					destination(properties), properties.storage().resultsOut().confirmTimeout()), registry);
		}

	}

}
