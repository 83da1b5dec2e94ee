package io.tributary.storage.consume;

import io.tributary.storage.StorageProperties;
import io.tributary.support.kafka.KafkaBinderAutoConfiguration;
import io.tributary.support.kafka.RecordHeaderMapper;
import io.tributary.support.kafka.RedeliveringErrorHandler;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

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

/** Which dead-letter queue and which Kafka beans storage runs with, per binder. */
class ConsumeConfigurationTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ StorageProperties.class, KafkaProperties.class })
	static class Infrastructure {

		@Bean
		ConnectionFactory connectionFactory() {
			ConnectionFactory connectionFactory = mock(ConnectionFactory.class);
			given(connectionFactory.isPublisherConfirms()).willReturn(true);
			return connectionFactory;
		}

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaBinderAutoConfiguration.class))
		.withUserConfiguration(Infrastructure.class, ConsumeConfiguration.Rabbit.class, ConsumeConfiguration.Kafka.class)
		.withPropertyValues("tributary.namespace=ns");

	@Test
	void onRabbitUnreadableMessagesGoToTheDeadLetterExchange() {
		this.runner.run((context) -> {
			assertThat(context).getBean(DeadLetterQueue.class).isInstanceOf(RabbitDeadLetterQueue.class);
			assertThat(context).doesNotHaveBean(RecordHeaderMapper.class)
				.doesNotHaveBean(RedeliveringErrorHandler.class)
				.doesNotHaveBean(NewTopic.class);
		});
	}

	@Test
	void onKafkaUnreadableRecordsGoToTheDeadLetterTopicAndFailedBatchesAreReadAgain() {
		this.runner.withPropertyValues("spring.cloud.stream.default-binder=kafka").run((context) -> {
			assertThat(context).getBean(DeadLetterQueue.class).isInstanceOf(KafkaDeadLetterQueue.class);
			assertThat(context.getBean(NewTopic.class).name()).isEqualTo("ns.results.storage.dlq");
			// the names application-kafka.yml and the Kafka binder look the beans up by
			assertThat(context.getBean("redeliveringErrorHandler")).isInstanceOf(RedeliveringErrorHandler.class);
			assertThat(context.getBean("kafkaBinderHeaderMapper")).isInstanceOf(RecordHeaderMapper.class);
		});
	}

}
