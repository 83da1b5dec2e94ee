package io.tributary.processing.stream;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.processing.checkpoint.PartitionLeases;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.testsupport.TestInfrastructure;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The runs of a retry test: window stages of lease-pipelines.yaml on the real Redis, each run in a
 * namespace of its own, fed as the broker's prefetching consumer feeds them. Closing stops the stages
 * and deletes the namespaces.
 */
final class RetryRunHarness implements AutoCloseable {

	/** Where the tests' event times start: a whole 10 s, so window starts are offsets from it. */
	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final List<String> namespaces = new ArrayList<>();

	private final List<Runnable> cleanUp = new ArrayList<>();

	/** A run's connection to the shared Redis, its namespace's keys and its partition leases. */
	record Redis(StringRedisTemplate template, RedisKeys keys, PartitionLeases leases) {
	}

	/** The pipelines of lease-pipelines.yaml. */
	static PipelineFile pipelines() {
		return PipelineFileLoader.load(Path.of("src/test/resources/lease-pipelines.yaml"));
	}

	/** A new namespace {@code prefix-...} on the shared Redis, and leases held by an owner named after it. */
	Redis redis(String prefix) {
		String ns = TestInfrastructure.newNamespace(prefix);
		this.namespaces.add(ns);
		TestInfrastructure.Redis r = TestInfrastructure.redis();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(r.host(), r.port());
		factory.afterPropertiesSet();
		this.cleanUp.add(factory::destroy);
		StringRedisTemplate template = new StringRedisTemplate(factory);
		RedisKeys keys = new RedisKeys(ns);
		return new Redis(template, keys, new PartitionLeases(template, keys, prefix + "-" + ns, Duration.ofSeconds(15)));
	}

	/** A started window stage of the pipelines on {@code partitions}, with short ticks; stopped on close. */
	WindowStage startWindowStage(List<Integer> partitions, Redis redis, RedisCheckpointStore store,
			ConfirmedPublisher publisher) {
		WindowStage stage = new WindowStage(partitions, pipelines().pipelines().values(), Map.of(), store, redis.leases(),
				publisher, Clock.systemUTC(),
				new WindowStage.Timing(Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(50),
						Duration.ofMinutes(1), Duration.ofSeconds(10)),
				new SimpleMeterRegistry());
		stage.lifecycle().start();
		this.cleanUp.add(() -> stage.lifecycle().stop());
		return stage;
	}

	/**
	 * Hands the input to {@code handler} one delivery at a time, as a consumer with the input prefetched
	 * and requeue-rejected does: a delivery whose handling throws goes back behind the prefetched ones.
	 * {@code beforeFirstDelivery} is told the input index of each delivery before it is first handed over.
	 * @return how many deliveries were handed back
	 */
	static int feed(List<byte[]> input, IntConsumer beforeFirstDelivery, Consumer<List<byte[]>> handler) {
		Deque<byte[]> prefetched = new ArrayDeque<>(input);
		Set<byte[]> seen = new HashSet<>();
		int handBacks = 0;
		while (!prefetched.isEmpty()) {
			byte[] delivery = prefetched.poll();
			if (seen.add(delivery)) {
				beforeFirstDelivery.accept(input.indexOf(delivery));
			}
			try {
				handler.accept(List.of(delivery));
			}
			catch (RuntimeException ex) {
				handBacks++;
				prefetched.add(delivery);
			}
		}
		return handBacks;
	}

	@Override
	public void close() {
		for (int i = this.cleanUp.size() - 1; i >= 0; i--) {
			this.cleanUp.get(i).run();
		}
		this.cleanUp.clear();
		this.namespaces.forEach(TestInfrastructure::deleteRedisNamespace);
		this.namespaces.clear();
	}

}
