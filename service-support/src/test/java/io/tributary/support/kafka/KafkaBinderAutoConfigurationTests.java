package io.tributary.support.kafka;

import io.tributary.support.broker.BoundOutputs;
import io.tributary.support.broker.BrokerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared Kafka beans exist on the Kafka binder only, under the names the bindings give. */
class KafkaBinderAutoConfigurationTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(KafkaProperties.class)
	static class BootsKafkaProperties {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BrokerAutoConfiguration.class, KafkaBinderAutoConfiguration.class))
		.withUserConfiguration(BootsKafkaProperties.class);

	@Test
	void onKafkaTheBindingsFindTheHeaderMapperAndTheErrorHandlerByName() {
		this.runner.withPropertyValues("spring.cloud.stream.default-binder=kafka").run((context) -> {
			assertThat(context).hasBean("kafkaBinderHeaderMapper").hasBean("redeliveringErrorHandler");
			assertThat(context.getBean("kafkaBinderHeaderMapper")).isInstanceOf(RecordHeaderMapper.class);
			assertThat(context.getBean("redeliveringErrorHandler")).isInstanceOf(RedeliveringErrorHandler.class);
			assertThat(context).hasSingleBean(AcknowledgedRecords.class).hasSingleBean(BoundOutputs.class);
		});
	}

	@Test
	void onRabbitThereAreNoKafkaBeans() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(RecordHeaderMapper.class)
				.doesNotHaveBean(RedeliveringErrorHandler.class)
				.doesNotHaveBean(AcknowledgedRecords.class)
				.hasSingleBean(BoundOutputs.class);
		});
	}

}
