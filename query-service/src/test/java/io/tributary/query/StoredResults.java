package io.tributary.query;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.contract.Counts;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.contract.aggregate.AggregateFunction;
import io.tributary.contract.aggregate.AggregateFunctions;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the query-service tests put into Redis the way storage and processing do, with plain Redis
 * commands and the key layout of contract RedisKeys: window results whose metrics and accumulator
 * state come from the test pipeline's own aggregate functions over given events.
 */
final class StoredResults {

	static final Path PIPELINE_FILE = Path.of("src/test/resources/pipelines/test-pipelines.yaml");

	static final String PIPELINE = "campaign-views";

	/** The key the integration tests send: every scope. */
	static final TestKey KEY = TestKey.admin("query-it");

	/** A key that may only read: what the dashboard signs in with. */
	static final TestKey VIEWER = TestKey.create("query-it-viewer", "query");

	private StoredResults() {
	}

	/** The service's Redis, namespace, the test pipeline file, {@link #KEY} and {@link #VIEWER}. */
	static void properties(DynamicPropertyRegistry registry, String namespace) {
		TestInfrastructure.Redis redis = TestInfrastructure.redis();
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("tributary.namespace", () -> namespace);
		registry.add("tributary.pipeline-file", PIPELINE_FILE::toString);
		TestKey.properties(KEY, VIEWER).forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * Stores the result of window {@code [start, start + 10 s)} of the key, computed from events with
	 * these latencies, and returns it as the live feed carries it (without state).
	 * @param duplicates what its counts say of duplicates
	 */
	static String write(RedisCommands<String, String> redis, String namespace, String key, long start,
			List<Long> latencies, boolean isFinal, long duplicates) {
		PipelineDefinition pipeline = PipelineFileLoader.load(PIPELINE_FILE).pipelines().get(PIPELINE);
		List<KeyedEvent> events = new java.util.ArrayList<>();
		for (int e = 0; e < latencies.size(); e++) {
			events.add(new KeyedEvent(PIPELINE, key, key + "-" + start + "-" + e, "i", Instant.ofEpochMilli(start + e),
					Map.of("latency_ms", latencies.get(e))));
		}
		Map<String, Object> metrics = new LinkedHashMap<>();
		Map<String, Object> state = new LinkedHashMap<>();
		for (AggregateSpec spec : pipeline.aggregates()) {
			accumulate(AggregateFunctions.of(spec), spec.name(), events, metrics, state);
		}
		WindowResult result = new WindowResult(PIPELINE, key, Instant.ofEpochMilli(start),
				Instant.ofEpochMilli(start + 10_000), isFinal, 1, metrics, new Counts(events.size(), 0, duplicates), state);
		String results = namespace + ":results:{" + PIPELINE + ":" + key + "}";
		redis.hset(results, String.valueOf(start), WireFormat.writeString(result));
		redis.zadd(results + ":index", start, String.valueOf(start));
		return WireFormat.writeString(result.withoutState());
	}

	private static <A> void accumulate(AggregateFunction<A> function, String name, List<KeyedEvent> events,
			Map<String, Object> metrics, Map<String, Object> state) {
		A accumulator = function.createAccumulator();
		events.forEach((e) -> function.add(accumulator, e));
		metrics.put(name, function.result(accumulator));
		state.put(name, function.toSerialForm(accumulator));
	}

}
