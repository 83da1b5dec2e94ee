package io.tributary.processing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.tributary.support.broker.BinderChoice;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Static partition ownership: instance {@code i} of {@code n} owns partitions {@code p} with
 * {@code p % n == i}. Translates that into the binder's {@code instance-index-list} for the window
 * stage (one queue, and one consumer, per owned partition), so operators set only
 * {@code tributary.processing.instance-index} and {@code instance-count}.
 */
class PartitionOwnership implements EnvironmentPostProcessor {

	static final String INDEX_LIST = "spring.cloud.stream.bindings.window-in-0.consumer.instance-index-list";

	static List<Integer> owned(int partitions, int instanceIndex, int instanceCount) {
		if (instanceIndex >= instanceCount) {
			throw new IllegalArgumentException("tributary.processing.instance-index (" + instanceIndex
					+ ") must be less than tributary.processing.instance-count (" + instanceCount + ")");
		}
		List<Integer> owned = new ArrayList<>();
		for (int p = instanceIndex; p < partitions; p += instanceCount) {
			owned.add(p);
		}
		return owned;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(INDEX_LIST) || BinderChoice.of(environment).isKafka()) {
			// on Kafka the consumer group assigns the partitions (see KafkaAssignment)
			return;
		}
		int partitions = environment.getProperty("tributary.processing.partitions", Integer.class, 8);
		int index = environment.getProperty("tributary.processing.instance-index", Integer.class, 0);
		int count = environment.getProperty("tributary.processing.instance-count", Integer.class, 1);
		String list = owned(partitions, index, count).stream().map(String::valueOf).collect(Collectors.joining(","));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("tributaryPartitionOwnership", Map.of(INDEX_LIST, list)));
	}

}
