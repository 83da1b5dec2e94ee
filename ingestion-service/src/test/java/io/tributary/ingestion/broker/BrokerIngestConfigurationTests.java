package io.tributary.ingestion.broker;

import io.tributary.ingestion.IngestionProperties;
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

/** Where rejected broker input goes, and which Kafka beans ingestion runs with, per binder. */
class BrokerIngestConfigurationTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ IngestionProperties.class, KafkaProperties.class })
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
		.withUserConfiguration(Infrastructure.class, BrokerIngestConfiguration.Rabbit.class,
				BrokerIngestConfiguration.Kafka.class)
		.withPropertyValues("tributary.namespace=ns");

	@Test
	void onRabbitRejectedMessagesGoToTheDeadLetterExchange() {
		this.runner.run((context) -> {
			assertThat(context).getBean(IngestSource.class).isInstanceOf(RabbitIngestSource.class);
			assertThat(context).doesNotHaveBean(RecordHeaderMapper.class)
				.doesNotHaveBean(RedeliveringErrorHandler.class)
				.doesNotHaveBean(NewTopic.class);
		});
	}

	@Test
	void onKafkaRejectedRecordsGoToTheDeadLetterTopicAndFailedRecordsAreReadAgain() {
		this.runner.withPropertyValues("spring.cloud.stream.default-binder=kafka").run((context) -> {
			assertThat(context).getBean(IngestSource.class).isInstanceOf(KafkaIngestSource.class);
			assertThat(context.getBean(NewTopic.class).name()).isEqualTo("ns.ingest.dlq");
			// the names application-kafka.yml and the Kafka binder look the beans up by
			assertThat(context.getBean("redeliveringErrorHandler")).isInstanceOf(RedeliveringErrorHandler.class);
			assertThat(context.getBean("kafkaBinderHeaderMapper")).isInstanceOf(RecordHeaderMapper.class);
		});
	}

	@Test
	void aNamespaceThatIsNotSafeForDestinationsAndKeysStopsStartUp() {
		this.runner.withPropertyValues("tributary.namespace=my ns").run((context) -> assertThat(context)
			.hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("must be letters, digits, '.', '_' or '-'"));
	}

}
