package io.tributary.storage.out;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.storage.StorageProperties;
import io.tributary.support.kafka.KafkaBinderAutoConfiguration;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Which outbound destination storage declares and publishes to, per binder, and none when switched off. */
class ResultsOutConfigurationTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ StorageProperties.class, KafkaProperties.class })
	static class Infrastructure {

		@Bean
		ConnectionFactory connectionFactory() {
			ConnectionFactory connectionFactory = mock(ConnectionFactory.class);
			given(connectionFactory.isPublisherConfirms()).willReturn(true);
			return connectionFactory;
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaBinderAutoConfiguration.class))
		.withUserConfiguration(Infrastructure.class, ResultsOutConfiguration.class)
		.withPropertyValues("tributary.namespace=ns");

	@Test
	void onRabbitDeclaresADurableTopicExchangeAndPublishesToIt() {
		this.runner.run((context) -> {
			assertThat(context).getBean(ResultsPublisher.class).isInstanceOf(OutboundResults.class);
			TopicExchange exchange = context.getBean(TopicExchange.class);
			assertThat(exchange.getName()).isEqualTo("ns.results.out");
			assertThat(exchange.isDurable()).isTrue();
			assertThat(exchange.isAutoDelete()).isFalse();
			assertThat(context).doesNotHaveBean(NewTopic.class);
		});
	}

	@Test
	void onKafkaCreatesTheTopicWithItsPartitions() {
		this.runner
			.withPropertyValues("spring.cloud.stream.default-binder=kafka", "tributary.storage.results-out.partitions=3")
			.run((context) -> {
				assertThat(context).getBean(ResultsPublisher.class).isInstanceOf(OutboundResults.class);
				NewTopic topic = context.getBean(NewTopic.class);
				assertThat(topic.name()).isEqualTo("ns.results.out");
				assertThat(topic.numPartitions()).isEqualTo(3);
				assertThat(context).doesNotHaveBean(TopicExchange.class);
			});
	}

	@Test
	void switchedOffPublishesNothingAndDeclaresNothing() {
		this.runner.withPropertyValues("tributary.storage.results-out.enabled=false").run((context) -> {
			assertThat(context.getBean(ResultsPublisher.class)).isSameAs(ResultsPublisher.NONE);
			assertThat(context).doesNotHaveBean(TopicExchange.class).doesNotHaveBean(NewTopic.class);
		});
	}

}
