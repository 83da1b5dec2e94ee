package io.tributary.support.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.support.tracing.TraceHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends already serialised messages to the channels of output bindings declared in
 * {@code spring.cloud.stream.output-bindings}, which the binder binds at start-up and registers
 * as beans under the binding's name.
 * <p>
 * The services write their own JSON ({@code WireFormat}), so they skip {@code StreamBridge}: it
 * runs every message through a pass-through function that, for a {@code byte[]} payload, parses
 * the whole JSON twice (once to see whether it is an array, once to see whether it is JSON at all)
 * while holding one lock shared by every sending thread. That cost a quarter of ingestion's CPU
 * at load (docs/benchmarks.md). The binder's own outbound path is unchanged: confirms, returns,
 * Kafka's synchronous producer and the channel's interceptors all apply as before.
 * <p>
 * A partitioned binding ({@code partition-key-expression} and {@code partition-count}) is routed
 * by the {@link BinderHeaders#PARTITION_HEADER} header, which {@link #send(String, Message, int)}
 * sets: the caller knows the partition, so no expression is evaluated per message.
 */
public final class BoundOutputs {

	private final BeanFactory beans;

	private final Map<String, MessageChannel> channels = new ConcurrentHashMap<>();

	private volatile @Nullable TraceHeaders traceHeaders;

	public BoundOutputs(BeanFactory beans) {
		this.beans = beans;
	}

	/**
	 * The headers that carry the current trace context (W3C {@code traceparent}), which every
	 * confirmed send adds: empty without tracing, without a current span or when it is not sampled.
	 */
	public Map<String, String> traceHeaders() {
		TraceHeaders headers = this.traceHeaders;
		if (headers == null) {
			headers = this.beans.getBeanProvider(TraceHeaders.class).getIfAvailable(() -> TraceHeaders.NONE);
			this.traceHeaders = headers;
		}
		return headers.current();
	}

	/**
	 * Sends a message to the binding's channel.
	 * @return what the channel's {@code send} returned
	 * @throws IllegalStateException when the binding is not an output binding of the application
	 */
	public boolean send(String binding, Message<?> message) {
		return channel(binding).send(message);
	}

	/** Sends a message to one partition of a partitioned binding. */
	public boolean send(String binding, Message<?> message, int partition) {
		return send(binding, MessageBuilder.fromMessage(message).setHeader(BinderHeaders.PARTITION_HEADER, partition).build());
	}

	private MessageChannel channel(String binding) {
		return this.channels.computeIfAbsent(binding, name -> {
			try {
				return this.beans.getBean(name, MessageChannel.class);
			}
			catch (NoSuchBeanDefinitionException ex) {
				throw new IllegalStateException("No output binding '" + name
						+ "': list it in spring.cloud.stream.output-bindings", ex);
			}
		});
	}

}
