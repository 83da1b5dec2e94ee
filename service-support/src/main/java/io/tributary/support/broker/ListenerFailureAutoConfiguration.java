package io.tributary.support.broker;

import java.time.Duration;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.context.IntegrationContextUtils;

/**
 * How consumer failures reach the log: the application's {@code errorChannel}, declared here so that
 * Spring Integration subscribes no default ERROR logger to it, goes to {@link ListenerFailureLog};
 * on RabbitMQ the listener containers' error handler does not log those failures a second time.
 * Redelivery is unchanged: the binding's settings (requeue, dead-letter queue) still decide it.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.cloud.stream.binder.BinderHeaders")
public final class ListenerFailureAutoConfiguration {

	/** The least time between two WARN lines of passing failures. */
	static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

	@Bean(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME)
	@ConditionalOnMissingBean(name = IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME)
	PublishSubscribeChannel errorChannel() {
		// as Spring Integration's default: one failing subscriber does not keep the others from theirs
		PublishSubscribeChannel channel = new PublishSubscribeChannel(true);
		channel.setBeanName(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME);
		channel.setIgnoreFailures(true);
		channel.subscribe(new ListenerFailureLog(WARNING_INTERVAL));
		return channel;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer")
	@ConditionalOnRabbitBinder
	static class Rabbit {

		@Bean
		@ConditionalOnMissingBean
		ListenerContainerCustomizer<MessageListenerContainer> quietListenerErrors() {
			return (container, destination, group) -> {
				if (container instanceof AbstractMessageListenerContainer listener) {
					listener.setErrorHandler(new QuietRejectingErrorHandler());
				}
			};
		}

	}

}
