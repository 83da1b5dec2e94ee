package io.tributary.processing.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.contract.Headers;
import io.tributary.support.broker.BinderChoice;
import io.tributary.support.broker.BoundOutputs;
import io.tributary.support.broker.ConfirmedOutputs;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * The broker as the processing stages see it, in memory: the two output bindings' channels take the
 * serialised messages the stages send (keyed batches by partition, result batches), confirm each
 * at once as RabbitMQ would, and hand the payloads on. Nothing is copied or parsed on the way.
 */
final class InMemoryBroker {

	static final String KEYED_BINDING = "keyed-out-0";

	static final String RESULTS_BINDING = "results-out-0";

	private final Map<Integer, List<byte[]>> keyed = new TreeMap<>();

	private final List<byte[]> results = new ArrayList<>();

	private long keyedBytes;

	private long resultBytes;

	/** The outputs a {@code ConfirmedPublisher} sends through, as with the RabbitMQ binder. */
	ConfirmedOutputs outputs() {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean(KEYED_BINDING, (MessageChannel) (message, timeout) -> {
			Object partition = message.getHeaders().get(Headers.PARTITION);
			byte[] payload = payload(message);
			this.keyed.computeIfAbsent((Integer) partition, (p) -> new ArrayList<>()).add(payload);
			this.keyedBytes += payload.length;
			return confirm(message);
		});
		beans.addBean(RESULTS_BINDING, (MessageChannel) (message, timeout) -> {
			byte[] payload = payload(message);
			this.results.add(payload);
			this.resultBytes += payload.length;
			return confirm(message);
		});
		return new ConfirmedOutputs(new BoundOutputs(beans), BinderChoice.RABBIT, Duration.ofSeconds(10));
	}

	private static byte[] payload(Message<?> message) {
		return (byte[]) message.getPayload();
	}

	private static boolean confirm(Message<?> message) {
		if (message.getHeaders().get(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION) instanceof CorrelationData correlation) {
			correlation.getFuture().complete(new CorrelationData.Confirm(true, null));
		}
		return true;
	}

	/** The keyed messages sent since the last call, by partition; the queues are empty afterwards. */
	Map<Integer, List<byte[]>> takeKeyed() {
		Map<Integer, List<byte[]>> taken = new TreeMap<>(this.keyed);
		this.keyed.clear();
		return taken;
	}

	/** Every result message sent. */
	List<byte[]> results() {
		return this.results;
	}

	long keyedBytes() {
		return this.keyedBytes;
	}

	long resultBytes() {
		return this.resultBytes;
	}

}
