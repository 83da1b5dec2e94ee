package io.tributary.support.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Which queues the consumer bindings read, and the gauges polled from a stand-in broker. */
class QueueDepthsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Map<String, Long> broker = new HashMap<>();

	private RuntimeException failure;

	private final QueueDepths depths = new QueueDepths(
			List.of(new InputQueue("store-in-0", "ns.results", "storage", "ns.results.storage"),
					new InputQueue("store-in-0", "ns.results", "storage", "ns.results.storage.dlq")),
			(queues) -> {
				if (this.failure != null) {
					throw this.failure;
				}
				return Map.copyOf(this.broker);
			}, Duration.ofSeconds(5), this.meters);

	private double depth(String queue) {
		return this.meters.get(QueueDepths.DEPTH).tag("queue", queue).tag("binding", "store-in-0").gauge().value();
	}

	@Test
	void aQueueHasAGaugeOnceTheBrokerReportsItAndKeepsItsLastValueWhenTheBrokerDoesNotAnswer() {
		this.broker.put("ns.results.storage", 17L);
		this.depths.poll();
		assertThat(depth("ns.results.storage")).isEqualTo(17.0);
		assertThat(this.meters.find(QueueDepths.DEPTH).tag("queue", "ns.results.storage.dlq").gauge())
			.as("a dead-letter queue that does not exist has no gauge")
			.isNull();

		this.broker.put("ns.results.storage", 3L);
		this.broker.put("ns.results.storage.dlq", 2L);
		this.depths.poll();
		assertThat(depth("ns.results.storage")).isEqualTo(3.0);
		assertThat(depth("ns.results.storage.dlq")).isEqualTo(2.0);

		this.failure = new IllegalStateException("connection refused");
		this.depths.poll();
		assertThat(depth("ns.results.storage")).isEqualTo(3.0);
	}

	@Test
	void consumerBindingsReadDestinationDotGroupPerInstanceIndexWhenPartitioned() {
		BindingServiceProperties properties = new BindingServiceProperties();
		properties.getBindings().put("store-in-0", binding("ns.results", "storage", null));
		ConsumerProperties partitioned = new ConsumerProperties();
		partitioned.setPartitioned(true);
		partitioned.setInstanceIndexList(List.of(1, 3));
		properties.getBindings().put("window-in-0", binding("ns.keyed", "window", partitioned));
		properties.getBindings().put("results-out-0", binding("ns.results", null, null));

		assertThat(QueueDepthAutoConfiguration.inputQueues(properties, false)).containsExactlyInAnyOrder(
				new InputQueue("store-in-0", "ns.results", "storage", "ns.results.storage"),
				new InputQueue("store-in-0", "ns.results", "storage", "ns.results.storage.dlq"),
				new InputQueue("window-in-0", "ns.keyed", "window", "ns.keyed.window-1"),
				new InputQueue("window-in-0", "ns.keyed", "window", "ns.keyed.window-3"));
		assertThat(QueueDepthAutoConfiguration.inputQueues(properties, true)).containsExactlyInAnyOrder(
				new InputQueue("store-in-0", "ns.results", "storage", "ns.results"),
				new InputQueue("window-in-0", "ns.keyed", "window", "ns.keyed"));
	}

	private static BindingProperties binding(String destination, String group, ConsumerProperties consumer) {
		BindingProperties binding = new BindingProperties();
		binding.setDestination(destination);
		binding.setGroup(group);
		if (consumer != null) {
			binding.setConsumer(consumer);
		}
		return binding;
	}

}
