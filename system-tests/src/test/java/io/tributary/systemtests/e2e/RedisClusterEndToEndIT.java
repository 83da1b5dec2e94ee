package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tributary.contract.RedisKeys;
import io.tributary.testsupport.OwnRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four services on a Redis Cluster of the test's own (six nodes: three masters, one replica each),
 * through Spring Boot's {@code spring.data.redis.cluster.nodes}. While the YSB feed is being sent, the
 * master that serves the most checkpoint partitions is killed (SIGKILL), its replica takes over, and
 * the crashed node is started again (empty) and rejoins as the new master's replica. Every checkpoint
 * and every stored batch of results waits for one replica ({@code replicas-to-wait: 1}), so nothing
 * acknowledged is lost with the master; writes to the promoted replica wait (retried) until it has a
 * replica again. The results must equal the reference: nothing lost, nothing counted twice, nothing late that
 * was on time.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class RedisClusterEndToEndIT {

	private static final Logger log = LoggerFactory.getLogger(RedisClusterEndToEndIT.class);

	private static final String PIPELINE = "cluster-views";

	private static final String STREAM = "events-c";

	/** processing's default partition count. */
	private static final int PARTITIONS = 8;

	private static OwnRedisCluster redis;

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		redis = OwnRedisCluster.start();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.cluster.nodes", String.join(",", redis.nodes()));
		// a failover is noticed within a second or two, not only on the next periodic refresh
		properties.put("spring.data.redis.lettuce.cluster.refresh.period", "2s");
		properties.put("tributary.processing.checkpoint.replicas-to-wait", "1");
		properties.put("tributary.storage.replicas-to-wait", "1");
		system = RunningSystem.start(RedisClusterEndToEndIT.class, PipelineYaml.ysb(Map.of(PIPELINE, STREAM)),
				(builder) -> builder.properties(properties));
	}

	@AfterAll
	static void stopServices() {
		RunningSystem.closeThen(system, redis);
	}

	@Test
	void aMasterKilledMidStreamLosesNothingAndCountsNothingTwice() {
		RedisKeys keys = new RedisKeys(system.namespace);
		// 45 s of event time in chunks of half a second, one chunk every 150 ms: about 14 s of sending
		MidStreamDrill.run(system, PIPELINE, STREAM, 41, Duration.ofSeconds(45), Duration.ofMillis(150),
				(sending, sentSoFar) -> {
					RunningSystem.sleep(Duration.ofSeconds(4));
					assertThat(sending).as("the feed is still being sent when the master is killed").isNotDone();
					Map<Integer, Long> partitionsByMaster = IntStream.range(0, PARTITIONS)
						.mapToObj((p) -> redis.masterPortOf(keys.checkpointMeta(p)))
						.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
					int victim = partitionsByMaster.entrySet()
						.stream()
						.max(Comparator.comparingLong(Map.Entry::getValue))
						.orElseThrow()
						.getKey();
					int sent = sentSoFar.getAsInt();
					long started = System.nanoTime();
					redis.kill(victim);
					log.info("killed the master on port {} (checkpoints of {} of {} partitions) after {} events; "
							+ "its replica took over in {} ms", victim, partitionsByMaster.get(victim), PARTITIONS, sent,
							(System.nanoTime() - started) / 1_000_000);
					assertThat(sent).as("events sent before the kill").isPositive();
					// the promoted replica has no replica of its own, so checkpoints that wait for one are
					// retried in place until the crashed node is back (as a supervisor restarts it)
					started = System.nanoTime();
					redis.restart(victim);
					log.info("the node on port {} is back as a synced replica after {} ms", victim,
							(System.nanoTime() - started) / 1_000_000);
				});
	}

}
