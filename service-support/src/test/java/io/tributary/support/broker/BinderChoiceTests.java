package io.tributary.support.broker;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The binder choice, read directly and as bean conditions, agrees for every value of the property. */
class BinderChoiceTests {

	@Test
	void rabbitUnlessTheDefaultBinderIsKafka() {
		assertThat(BinderChoice.of(new MockEnvironment())).isEqualTo(BinderChoice.RABBIT);
		assertThat(BinderChoice.of(new MockEnvironment().withProperty("spring.cloud.stream.default-binder", "rabbit")))
			.isEqualTo(BinderChoice.RABBIT);
		assertThat(BinderChoice.of(new MockEnvironment().withProperty("spring.cloud.stream.default-binder", "kafka")))
			.isEqualTo(BinderChoice.KAFKA);
		assertThat(BinderChoice.KAFKA.isKafka()).isTrue();
		assertThat(BinderChoice.RABBIT.isKafka()).isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	static class PerBinder {

		@Bean
		@ConditionalOnRabbitBinder
		String onRabbit() {
			return "rabbit";
		}

		@Bean
		@ConditionalOnKafkaBinder
		String onKafka() {
			return "kafka";
		}

	}

	@Test
	void theConditionsFollowTheSameProperty() {
		ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(PerBinder.class);
		runner.run((context) -> assertThat(context.getBeansOfType(String.class)).containsOnlyKeys("onRabbit"));
		runner.withPropertyValues("spring.cloud.stream.default-binder=rabbit")
			.run((context) -> assertThat(context.getBeansOfType(String.class)).containsOnlyKeys("onRabbit"));
		runner.withPropertyValues("spring.cloud.stream.default-binder=kafka")
			.run((context) -> assertThat(context.getBeansOfType(String.class)).containsOnlyKeys("onKafka"));
	}

}
