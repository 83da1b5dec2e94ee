package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.testsupport.OwnRedisSentinel;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four services on Redis Sentinel of the test's own ({@link OwnRedisSentinel}: a master, a
 * replica, three sentinels) through Boot's {@code spring.data.redis.sentinel.*}, under a steady YSB
 * feed: first the master is killed (SIGKILL) mid-stream and the sentinels promote the replica, then
 * (the killed node back as a replica) a failover is asked of the sentinels mid-stream. Every service
 * must go on against the new master without a restart, and every window must equal the reference.
 * Each drill has its own pipeline and stream. For the asked failover the master refuses writes once
 * its replica is promoted ({@code min-replicas-to-write 1}, see {@link OwnRedisSentinel#failOver}):
 * without it the old master went on accepting the services' writes for about ten seconds, until the
 * sentinels made it a replica, and its resync discarded them (61 windows wrong or missing).
 */
@ExtendWith(ServiceLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelEndToEndIT {

	private static final Logger log = LoggerFactory.getLogger(RedisSentinelEndToEndIT.class);

	private static OwnRedisSentinel redis;

	private static RunningSystem system;

	/** The node killed by the first drill, started again as a replica by the second. */
	private static int killedMaster;

	@BeforeAll
	static void startServices() {
		redis = OwnRedisSentinel.start();
		Map<String, String> pipelines = new LinkedHashMap<>();
		pipelines.put("sentinel-kill", "events-k");
		pipelines.put("sentinel-failover", "events-f");
		// the sentinel settings win over spring.data.redis.host/port, which TestInfrastructure sets
		system = RunningSystem.start(RedisSentinelEndToEndIT.class, PipelineYaml.ysb(pipelines),
				(builder) -> builder.properties(redis.springProperties()));
	}

	@AfterAll
	static void stopServices() {
		RunningSystem.closeThen(system, redis);
	}

	@Test
	@Order(1)
	void killingTheMasterMidStreamFailsOverToTheReplicaAndLosesNothing() {
		int master = redis.masterPort();
		AtomicInteger sentWhenKilled = new AtomicInteger();
		AtomicInteger promoted = new AtomicInteger();
		// 30 s of event time in chunks of half a second, one chunk every 150 ms: about 10 s of sending, of
		// which the failover (about 3.5 s after the kill) takes the middle
		List<Map<String, Object>> sent = MidStreamDrill.run(system, "sentinel-kill", "events-k", 41,
				Duration.ofSeconds(30), Duration.ofMillis(150), (sending, sentSoFar) -> {
					RunningSystem.sleep(Duration.ofSeconds(4));
					assertThat(sending).as("the feed is still being sent when the master is killed").isNotDone();
					sentWhenKilled.set(sentSoFar.getAsInt());
					long started = System.nanoTime();
					killedMaster = redis.killMaster();
					promoted.set(redis.awaitFailoverFrom(killedMaster));
					log.info("master on port {} killed, replica on port {} promoted after {} ms", killedMaster,
							promoted.get(), (System.nanoTime() - started) / 1_000_000);
				});
		assertThat(killedMaster).as("the master killed").isEqualTo(master);
		assertThat(promoted.get()).as("the new master").isNotEqualTo(master);
		assertThat(sentWhenKilled.get()).as("events sent before the kill").isPositive().isLessThan(sent.size());
		assertTheServicesUseTheSentinelsMaster();
	}

	@Test
	@Order(2)
	void aFailoverAskedOfTheSentinelsMidStreamLosesNothing() {
		redis.restartAsReplica(killedMaster);
		int master = redis.masterPort();
		AtomicInteger sentAtFailover = new AtomicInteger();
		AtomicInteger promoted = new AtomicInteger();
		List<Map<String, Object>> sent = MidStreamDrill.run(system, "sentinel-failover", "events-f", 42,
				Duration.ofSeconds(30), Duration.ofMillis(150), (sending, sentSoFar) -> {
					RunningSystem.sleep(Duration.ofSeconds(4));
					assertThat(sending).as("the feed is still being sent at the failover").isNotDone();
					sentAtFailover.set(sentSoFar.getAsInt());
					long started = System.nanoTime();
					promoted.set(redis.failOver());
					log.info("SENTINEL FAILOVER: master on port {} -> {} after {} ms", master, promoted.get(),
							(System.nanoTime() - started) / 1_000_000);
				});
		assertThat(promoted.get()).as("the new master").isNotEqualTo(master);
		assertThat(sentAtFailover.get()).as("events sent before the failover").isPositive().isLessThan(sent.size());
		assertTheServicesUseTheSentinelsMaster();
	}

	/** The namespace's keys are on the master the sentinels name, none on the shared Redis. */
	private static void assertTheServicesUseTheSentinelsMaster() {
		assertThat(redis.keyCountOnMaster(system.namespace + ":*")).as("keys of %s on the sentinels' master",
				system.namespace).isPositive();
		assertThat(TestInfrastructure.redis().port()).as("the shared Redis is another server")
			.isNotIn(redis.runningDataPorts());
		RedisClient client = RedisClient.create(TestInfrastructure.redis().uri());
		try (StatefulRedisConnection<String, String> shared = client.connect()) {
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = shared.sync()
					.scan(cursor, ScanArgs.Builder.matches(system.namespace + ":*").limit(1000));
				assertThat(page.getKeys()).as("keys of %s on the shared Redis", system.namespace).isEmpty();
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		finally {
			client.shutdown();
		}
	}

}
