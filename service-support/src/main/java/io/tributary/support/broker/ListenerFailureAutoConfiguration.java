package io.tributary.support.broker;

import java.time.Duration;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.context.IntegrationContextUtils;

/**
 * How consumer failures reach the log: the application's {@code errorChannel}, declared here so that
 * Spring Integration subscribes no default ERROR logger to it, goes to {@link ListenerFailureLog};
 * on RabbitMQ the listener containers' error handler does not log those failures a second time.
 * Redelivery is unchanged: the binding's settings (requeue, dead-letter queue) still decide it. On
 * RabbitMQ the same container customizer bounds a batch consumer's gathering time.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.cloud.stream.binder.BinderHeaders")
public final class ListenerFailureAutoConfiguration {

	/**
	 * The longest a batch consumer (binding {@code enable-batching}) gathers messages for one batch once
	 * it has the first: a batch closes when it is full, when no message came for the binding's
	 * {@code receive-timeout}, or after this long. Without it a steady flow faster than the
	 * receive-timeout keeps a batch open until it is full, and every message in it waits that long.
	 */
	public static final String BATCH_RECEIVE_TIMEOUT = "tributary.broker.batch-receive-timeout";

	static final Duration DEFAULT_BATCH_RECEIVE_TIMEOUT = Duration.ofMillis(10);

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

		/**
		 * The binder applies one customizer only (a second bean would leave both unused), so this one
		 * also bounds how long a batch consumer gathers its batch ({@link #BATCH_RECEIVE_TIMEOUT}).
		 */
		@Bean
		@ConditionalOnMissingBean
		ListenerContainerCustomizer<MessageListenerContainer> rabbitListenerContainers(Environment environment) {
			Duration batchReceiveTimeout = environment.getProperty(BATCH_RECEIVE_TIMEOUT, Duration.class,
					DEFAULT_BATCH_RECEIVE_TIMEOUT);
			return (container, destination, group) -> {
				if (container instanceof AbstractMessageListenerContainer listener) {
					listener.setErrorHandler(new QuietRejectingErrorHandler());
				}
				if (container instanceof SimpleMessageListenerContainer simple && simple.isConsumerBatchEnabled()) {
					simple.setBatchReceiveTimeout(batchReceiveTimeout.toMillis());
				}
			};
		}

	}

}
