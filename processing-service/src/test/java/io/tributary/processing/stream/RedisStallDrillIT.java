package io.tributary.processing.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.tls.DrillRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault drills: a steady stream of events (event time = the time it is sent, as ingestion stamps it)
 * through a processing instance whose Redis — a redis-server of the test's own — fails for 30 s
 * mid-stream: it sleeps ({@code DEBUG SLEEP 30}), or it is stopped and started again with its AOF.
 * Either is longer than the Redis client's timeout and the partition leases' TTL. Afterwards every
 * window's final result must equal the count made here as the events were sent, and nothing may be
 * late: a fault may delay windows, never change them. Pipeline {@code per-user} of
 * drill-pipelines.yaml: 2 s windows, no allowed lateness, 500 ms out-of-orderness.
 */
// each drill has its own Redis or RabbitMQ node and namespace, so it runs beside other tests, but
// not beside one that reads the log it captures from System.out, where the drill's services log too
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
@Execution(ExecutionMode.CONCURRENT)
class RedisStallDrillIT {

	private static final Duration STALL = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	private DrillRedisServer redis;

	private ProcessingTestBed bed;

	private final String ns = TestInfrastructure.newNamespace("drill-stall");

	@BeforeEach
	void start() throws Exception {
		// AOF with appendfsync always: a restarted server has every checkpoint it acknowledged
		this.redis = DrillRedisServer.start(Files.createDirectories(this.dir.resolve("redis")), true);
		this.bed = new ProcessingTestBed(this.ns, "src/test/resources/drill-pipelines.yaml", Map.of(), this.redis.port(),
				null);
	}

	@AfterEach
	void stop() {
		if (this.bed != null) {
			this.bed.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void aRedisStallMidStreamDelaysTheWindowsAndChangesNoResult() throws Exception {
		drill(() -> {
			this.redis.stall(STALL);
			Thread.sleep(STALL.toMillis());
		});
	}

	@Test
	void redisStoppedMidStreamAndStartedAgainWithItsAofDelaysTheWindowsAndChangesNoResult() throws Exception {
		drill(() -> {
			this.redis.kill();
			Thread.sleep(STALL.toMillis());
			this.redis.restart();
		});
	}

	/** What happens to Redis, 5 s into the stream; the stream goes on for 5 s after it. */
	@FunctionalInterface
	private interface Fault {

		void run() throws Exception;

	}

	private void drill(Fault fault) throws Exception {
		this.bed.start();
		DrillLoad load = new DrillLoad(this.bed);
		load.start();
		Thread.sleep(5_000);
		fault.run();
		Thread.sleep(5_000);
		load.stop();

		DrillLoad.Outcome outcome = load.await(Duration.ofSeconds(60));

		assertThat(load.sent()).as("events sent (500/s for 40 s)").isGreaterThan(10_000);
		assertThat(outcome.late()).as("late records: events a fault turned late").isEmpty();
		assertThat(outcome.finals()).isEqualTo(load.expected());
	}

}
