package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.tributary.systemtests.launch.Service;
import io.tributary.systemtests.launch.ServiceInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm standby ({@code tributary.processing.standby.enabled}), two processing instances as separate
 * processes on the real RabbitMQ and Redis: each owns half the partitions and stands by for the other
 * half. One is killed mid-stream; the broker moves its partitions' input to the other, which takes
 * the leases over (long before they would expire) and carries on while the killed one restarts; once
 * the restarted one has waited for them a while, it gets them back. Every window must equal the
 * reference computed from what was sent: nothing lost, nothing counted twice.
 */
@Isolated
@ExtendWith(ServiceLogsOnFailure.class)
class StandbyIT {

	private static final Logger log = LoggerFactory.getLogger(StandbyIT.class);

	private static final int SIGKILL_EXIT_CODE = 128 + 9;

	private static final int PARTITIONS = 8;

	/** tributary.processing.lease-ttl: a takeover must come well before a dead holder's lease expires. */
	private static final Duration LEASE_TTL = Duration.ofSeconds(15);

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		system = RunningSystem.start(StandbyIT.class, PipelineYaml.ysb(Map.of("standby-crash", "standby-events")),
				(cluster) -> cluster.instances(Service.PROCESSING, 2)
					.properties(Map.of("tributary.processing.standby.enabled", "true",
							"tributary.processing.standby.subscribe-after", "2s",
							"tributary.processing.standby.hand-back-after", "5s")));
	}

	@AfterAll
	static void stopServices() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void aKilledInstancesPartitionsAreTakenOverByTheOtherAndHandedBackAfterItsRestartAndNothingIsLostOrCountedTwice() {
		List<ServiceInstance> processing = system.cluster.running(Service.PROCESSING)
			.stream()
			.sorted(Comparator.comparingInt(ServiceInstance::instanceIndex))
			.toList();
		assertThat(processing).hasSize(2);
		ServiceInstance victim = processing.get(0);
		ServiceInstance survivor = processing.get(1);
		for (int p = 0; p < PARTITIONS; p++) {
			assertThat(owner(p)).as("partition %d before the kill", p).startsWith((p % 2) + "of2@");
		}
		// the standby consumers subscribe 2 s after the start, behind the owners
		RunningSystem.sleep(Duration.ofSeconds(3));

		// 120 s of event time in chunks of half a second, one chunk every 150 ms: about 36 s of sending
		MidStreamDrill.run(system, "standby-crash", "standby-events", 34, Duration.ofSeconds(120), Duration.ofMillis(150),
				(sending, sentSoFar) -> {
					RunningSystem.sleep(Duration.ofSeconds(4));
					assertThat(sending).as("the feed is still being sent when %s is killed", victim).isNotDone();
					assertThat(system.cluster.kill(victim)).as("exit code of %s after SIGKILL", victim)
						.isEqualTo(SIGKILL_EXIT_CODE);
					long killed = System.nanoTime();
					String survivorPid = ":" + survivor.pid() + ":";
					while (!allHeldBy(survivorPid)) {
						assertThat(Duration.ofNanos(System.nanoTime() - killed))
							.as("every partition taken over by %s before the killed one's leases expire", survivor)
							.isLessThan(LEASE_TTL.minusSeconds(3));
						RunningSystem.sleep(Duration.ofMillis(100));
					}
					log.info("{} holds every partition {} ms after the kill", survivor,
							(System.nanoTime() - killed) / 1_000_000);
					assertThat(sending).as("the feed is still being sent after the takeover").isNotDone();
					system.cluster.restart(victim);
					long restarted = System.nanoTime();
					// the restarted instance waits for its partitions; 5 s later it gets them back
					while (!heldByOwners(victim, survivor)) {
						assertThat(Duration.ofNanos(System.nanoTime() - restarted))
							.as("the partitions handed back to the restarted %s", victim)
							.isLessThan(Duration.ofSeconds(20));
						RunningSystem.sleep(Duration.ofMillis(100));
					}
					log.info("{} holds its partitions again {} ms after it was ready", victim,
							(System.nanoTime() - restarted) / 1_000_000);
					assertThat(sending).as("the feed is still being sent after the hand-back").isNotDone();
				});

		assertThat(heldByOwners(victim, survivor)).isTrue();
	}

	private static boolean allHeldBy(String pidPart) {
		for (int p = 0; p < PARTITIONS; p++) {
			String owner = owner(p);
			if (owner == null || !owner.contains(pidPart)) {
				return false;
			}
		}
		return true;
	}

	/** Each partition's lease is held by its owner's current process: even ones by {@code zero}, odd by {@code one}. */
	private static boolean heldByOwners(ServiceInstance zero, ServiceInstance one) {
		for (int p = 0; p < PARTITIONS; p++) {
			String owner = owner(p);
			ServiceInstance expected = (p % 2 == 0) ? zero : one;
			if (owner == null || !owner.contains(":" + expected.pid() + ":")) {
				return false;
			}
		}
		return true;
	}

	private static String owner(int partition) {
		String key = system.namespace + ":ckpt:{p" + partition + "}:owner";
		List<String> keys = new ArrayList<>(List.of(key));
		return system.redisStrings(keys).get(key);
	}

}
