package io.tributary.processing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code tributary.processing.instance-index} and {@code instance-count}. With
 * {@code tributary.processing.standby.enabled} (RabbitMQ) it also binds {@code windowStandby-in-0}
 * to the queues of the partitions the instance does not own (its consumers subscribe later, see
 * {@link StandbySubscription}).
 */
class PartitionOwnership implements EnvironmentPostProcessor {

	static final String INDEX_LIST = "spring.cloud.stream.bindings.window-in-0.consumer.instance-index-list";

	static final String STANDBY_BINDING = "windowStandby-in-0";

	static final String STANDBY_INDEX_LIST = "spring.cloud.stream.bindings." + STANDBY_BINDING
			+ ".consumer.instance-index-list";

	static final String FUNCTION_DEFINITION = "spring.cloud.function.definition";

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

	/** The partitions an instance stands by for: those it does not own. */
	static List<Integer> standingBy(int partitions, int instanceIndex, int instanceCount) {
		List<Integer> owned = owned(partitions, instanceIndex, instanceCount);
		List<Integer> others = new ArrayList<>();
		for (int p = 0; p < partitions; p++) {
			if (!owned.contains(p)) {
				others.add(p);
			}
		}
		return others;
	}

	/** Whether the standby binding is bound: standby on, RabbitMQ, and partitions others own. */
	static boolean standbyBound(ConfigurableEnvironment environment) {
		return environment.containsProperty(STANDBY_INDEX_LIST)
				&& !environment.getProperty(STANDBY_INDEX_LIST, "").isBlank();
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (BinderChoice.of(environment).isKafka()) {
			// on Kafka the consumer group assigns the partitions (see KafkaAssignment)
			return;
		}
		Map<String, Object> derived = new LinkedHashMap<>();
		int partitions = environment.getProperty("tributary.processing.partitions", Integer.class, 8);
		int index = environment.getProperty("tributary.processing.instance-index", Integer.class, 0);
		int count = environment.getProperty("tributary.processing.instance-count", Integer.class, 1);
		if (!environment.containsProperty(INDEX_LIST)) {
			derived.put(INDEX_LIST, join(owned(partitions, index, count)));
		}
		List<Integer> others = standingBy(partitions, index, count);
		if (environment.getProperty("tributary.processing.standby.enabled", Boolean.class, false) && !others.isEmpty()) {
			derived.put(STANDBY_INDEX_LIST, join(others));
			String functions = environment.getProperty(FUNCTION_DEFINITION, "");
			derived.put(FUNCTION_DEFINITION, functions.isBlank() ? "windowStandby" : functions + ";windowStandby");
		}
		if (!derived.isEmpty()) {
			environment.getPropertySources().addFirst(new MapPropertySource("tributaryPartitionOwnership", derived));
		}
	}

	private static String join(List<Integer> partitions) {
		return partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

}
