package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tributary.systemtests.launch.BackgroundWork;
import io.tributary.systemtests.launch.Service;
import io.tributary.systemtests.launch.ServiceInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processing scaled out, every instance a separate process on the real RabbitMQ and Redis: three
 * processing instances sharing the partitions (instance {@code i} of 3 owns {@code p % 3 == i}, each
 * partition's lease in Redis held by its owner) and two storage replicas. The end-to-end reference
 * scenario; one of the three processing instances killed mid-stream and restarted; and a rescale
 * mid-stream, first from 3 to 2 by stopping, changing the instance count and starting, then from 2
 * to 3 with the new instances started before the old ones stop, so that ownership overlaps and the
 * leases decide who works on a partition. Every window must equal the reference computed from what
 * was sent: nothing lost, nothing counted twice. Each test has its own pipeline and stream.
 */
// five instances and rescales whose feed must outlast the new instances' start: alone
@Isolated
@ExtendWith(ServiceLogsOnFailure.class)
class ScaleOutIT {

	private static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);

	private static final int SIGKILL_EXIT_CODE = 128 + 9;

	/** tributary.processing.partitions, the processing default. */
	private static final int PARTITIONS = 8;

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		Map<String, String> pipelines = new LinkedHashMap<>();
		pipelines.put("scale-e2e", "scale-events");
		pipelines.put("scale-crash", "crash-events");
		pipelines.put("scale-rescale", "rescale-events");
		system = RunningSystem.start(ScaleOutIT.class, PipelineYaml.ysb(pipelines),
				(cluster) -> cluster.instances(Service.PROCESSING, 3).instances(Service.STORAGE, 2));
	}

	@AfterAll
	static void stopServices() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void threeProcessingAndTwoStorageInstancesGiveTheReferenceResults() {
		List<ServiceInstance> processing = ensureProcessing(3);
		assertThat(system.cluster.running(Service.STORAGE)).hasSize(2);

		ReferenceScenario.run(system, "scale-e2e", "scale-events", 31, "scale-e2e");

		assertLeasesHeldBy(processing);
	}

	@Test
	void killingOneOfThreeProcessingInstancesMidStreamLosesNothingAndCountsNothingTwice() {
		List<ServiceInstance> processing = ensureProcessing(3);
		ServiceInstance victim = processing.get(1);

		// 45 s of event time in chunks of half a second, one chunk every 150 ms: about 14 s of sending
		MidStreamDrill.run(system, "scale-crash", "crash-events", 32, Duration.ofSeconds(45), Duration.ofMillis(150), (sending, sentSoFar) -> {
			RunningSystem.sleep(Duration.ofSeconds(4));
			assertThat(sending).as("the feed is still being sent when %s is killed", victim).isNotDone();
			long pid = victim.pid();
			assertThat(system.cluster.kill(victim)).as("exit code of %s after SIGKILL", victim)
				.isEqualTo(SIGKILL_EXIT_CODE);
			RunningSystem.sleep(Duration.ofSeconds(3));
			// its partitions' leases are still held by the dead process: the restarted one takes them
			// when they expire, and only then restores their state
			system.cluster.restart(victim);
			assertThat(victim.pid()).isNotEqualTo(pid);
		});

		assertLeasesHeldBy(processing);
	}

	@Test
	void rescalingMidStreamWithOverlappingOwnershipLosesNothingAndCountsNothingTwice() {
		List<ServiceInstance> three = ensureProcessing(3);
		List<ServiceInstance> newThree = new ArrayList<>();

		// 70 s of event time, one chunk of half a second every 400 ms: about 56 s of sending
		MidStreamDrill.run(system, "scale-rescale", "rescale-events", 33, Duration.ofSeconds(120), Duration.ofMillis(400), (sending, sentSoFar) -> {
			RunningSystem.sleep(Duration.ofSeconds(3));
			// 3 -> 2 the simple way: stop all, change the instance count, start
			assertThat(sending).as("the feed is still being sent when processing is scaled down").isNotDone();
			assertGraceful(system.cluster.stop(three));
			List<ServiceInstance> two = three.subList(0, 2);
			CompletableFuture.allOf(
					CompletableFuture.runAsync(() -> system.cluster.restartProcessing(two.get(0), 0, 2),
							BackgroundWork.EXECUTOR),
					CompletableFuture.runAsync(() -> system.cluster.restartProcessing(two.get(1), 1, 2),
							BackgroundWork.EXECUTOR))
				.join();
			RunningSystem.sleep(Duration.ofSeconds(2));

			// 2 -> 3 overlapping: the new assignment starts while the old one still runs and holds the
			// leases; the old instances then stop gracefully and hand their partitions over
			assertThat(sending).as("the feed is still being sent when processing is scaled up").isNotDone();
			newThree.addAll(system.cluster.startProcessing(3));
			assertLeasesHeldBy(two);
			assertThat(sending).as("the feed is still being sent when the old instances stop").isNotDone();
			assertGraceful(system.cluster.stop(two));
		});

		assertThat(system.cluster.running(Service.PROCESSING)).containsExactlyInAnyOrderElementsOf(newThree);
		assertLeasesHeldBy(newThree);
	}

	/** Exit codes of a JVM that ran its shutdown hooks on SIGTERM, not of one killed after the grace period. */
	private static void assertGraceful(List<Integer> exitCodes) {
		assertThat(exitCodes).as("exit codes after SIGTERM").allMatch((code) -> code == 0 || code == 128 + 15);
	}

	/**
	 * The running processing instances, {@code count} of them with instance indexes 0..count-1 of
	 * {@code count}, by index; if that is not what runs (a test before failed half-way), stops what
	 * runs and starts such a set.
	 */
	private static List<ServiceInstance> ensureProcessing(int count) {
		List<ServiceInstance> running = system.cluster.running(Service.PROCESSING)
			.stream()
			.sorted(Comparator.comparingInt(ServiceInstance::instanceIndex))
			.toList();
		boolean asWanted = running.size() == count;
		for (int i = 0; asWanted && i < count; i++) {
			asWanted = running.get(i).instanceIndex() == i && running.get(i).instanceCount() == count;
		}
		if (asWanted) {
			return running;
		}
		log.warn("Processing runs as {}: restarting it as {} instances", running, count);
		system.cluster.stop(running);
		return system.cluster.startProcessing(count);
	}

	/**
	 * Each partition's lease is held by the instance that owns it statically ({@code p % n}), by its
	 * current process: processing writes {@code <index>of<count>@<host>:<start-ms>:<pid>:<random>} into the owner
	 * key {@code <ns>:ckpt:{p<N>}:owner}.
	 */
	private static void assertLeasesHeldBy(List<ServiceInstance> instances) {
		int n = instances.size();
		List<String> keys = new ArrayList<>();
		for (int p = 0; p < PARTITIONS; p++) {
			keys.add(system.namespace + ":ckpt:{p" + p + "}:owner");
		}
		Map<String, String> owners = system.redisStrings(keys);
		for (int p = 0; p < PARTITIONS; p++) {
			int index = p % n;
			ServiceInstance owner = instances.stream().filter((i) -> i.instanceIndex() == index).findFirst().orElseThrow();
			assertThat(owners.get(keys.get(p))).as("holder of partition %d's lease (%s expected)", p, owner)
				.startsWith(index + "of" + n + "@")
				.contains(":" + owner.pid() + ":");
		}
	}

}
