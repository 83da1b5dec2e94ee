package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.systemtests.launch.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash drills: while the YSB feed is being sent, a service is killed with SIGKILL (no graceful
 * shutdown, exactly a crash) and started again a few seconds later, then killed and restarted once
 * more while it catches up with what piled up meanwhile. The results must still equal the
 * reference: nothing lost, nothing counted twice. Each drill has its own pipeline and stream, so one
 * drill's watermark never depends on the other's data.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class CrashDrillIT {

	private static final int SIGKILL_EXIT_CODE = 128 + 9;

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		Map<String, String> pipelines = new LinkedHashMap<>();
		pipelines.put("crash-processing", "events-p");
		pipelines.put("crash-storage", "events-s");
		system = RunningSystem.start(CrashDrillIT.class, PipelineYaml.ysb(pipelines));
	}

	@AfterAll
	static void stopServices() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void killingProcessingMidStreamLosesNothingAndCountsNothingTwice() {
		drill(Service.PROCESSING, "crash-processing", "events-p", 21);
	}

	@Test
	void killingStorageMidStreamLosesNothingAndCountsNothingTwice() {
		drill(Service.STORAGE, "crash-storage", "events-s", 22);
	}

	private static void crashAndRestart(Service victim) {
		long pid = system.cluster.pid(victim);
		assertThat(system.cluster.kill(victim)).as("exit code of %s after SIGKILL", victim).isEqualTo(SIGKILL_EXIT_CODE);
		assertThat(system.cluster.isAlive(victim)).isFalse();
		RunningSystem.sleep(Duration.ofSeconds(3));
		system.cluster.restart(victim);
		assertThat(system.cluster.pid(victim)).isNotEqualTo(pid);
	}

	private void drill(Service victim, String pipeline, String stream, long seed) {
		AtomicInteger sentWhenKilled = new AtomicInteger();
		// 45 s of event time in chunks of half a second, one chunk every 150 ms: about 14 s of sending
		List<Map<String, Object>> sent = MidStreamDrill.run(system, pipeline, stream, seed, Duration.ofSeconds(45),
				Duration.ofMillis(150), (sending, sentSoFar) -> {
					RunningSystem.sleep(Duration.ofSeconds(4));
					assertThat(sending).as("the feed is still being sent when %s is killed", victim).isNotDone();
					sentWhenKilled.set(sentSoFar.getAsInt());
					crashAndRestart(victim);
					// again while it works through what piled up during the first outage: redeliveries of
					// redeliveries, and a checkpoint interrupted on a partition that was just restored
					RunningSystem.sleep(Duration.ofMillis(1500));
					crashAndRestart(victim);
				});
		assertThat(sentWhenKilled.get()).as("events sent before the first kill").isPositive().isLessThan(sent.size());
	}

}
