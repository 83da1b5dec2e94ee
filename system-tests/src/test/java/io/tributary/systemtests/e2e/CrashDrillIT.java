package io.tributary.systemtests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * Crash and freeze drills: while the YSB feed is being sent, a service is killed with SIGKILL (no
 * graceful shutdown, exactly a crash) and started again a few seconds later, then killed and
 * restarted once more while it catches up with what piled up meanwhile; or processing and storage
 * are frozen (SIGSTOP) for 60 s while ingestion keeps accepting, then thawed. The results must still
 * equal the reference: nothing lost, nothing counted twice, nothing on time counted late. Each drill
 * has its own pipeline and stream, so one drill's watermark never depends on another's data. The
 * services run with a 10 s AMQP heartbeat, so a frozen service's connections are closed by the broker.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class CrashDrillIT {

	private static final int SIGKILL_EXIT_CODE = 128 + 9;

	private static final Duration HEARTBEAT = Duration.ofSeconds(10);

	/** Longer than the lease TTL (15 s), the source expiry (10 s) and the AMQP heartbeat timeout. */
	private static final Duration FREEZE = Duration.ofSeconds(60);

	private static RunningSystem system;

	@BeforeAll
	static void startServices() {
		Map<String, String> pipelines = new LinkedHashMap<>();
		pipelines.put("crash-processing", "events-p");
		pipelines.put("crash-storage", "events-s");
		pipelines.put("freeze-both", "events-f");
		// a 10 s AMQP heartbeat (the client's default is 60 s): the broker surely closes the frozen
		// services' connections during the freeze, so their unacked input is redelivered on thaw
		system = RunningSystem.start(CrashDrillIT.class, PipelineYaml.ysb(pipelines),
				(cluster) -> cluster.properties(Map.of("spring.rabbitmq.requested-heartbeat", HEARTBEAT.toSeconds() + "s")));
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

	/**
	 * Processing and storage stop dead for 60 s, as in a long GC pause or a VM migration, keeping their
	 * sockets, leases and in-memory state, while ingestion keeps accepting events (and its progress
	 * markers). Meanwhile processing's partition leases expire and the broker closes both services'
	 * connections for missed heartbeats (unacked input is redelivered). On thaw, every thread sees the clock 60 s later at once:
	 * processing must find its leases gone (a fenced checkpoint refused, a refresh failed), restore
	 * from the checkpoint and take them again, and the 60 s of silence and the backlog behind it must
	 * not look like an idle stream, so no window closes before its events are in.
	 */
	@Test
	void freezingProcessingAndStorageMidStreamDelaysResultsWithoutChangingThem() {
		AtomicInteger sentWhenFrozen = new AtomicInteger();
		AtomicInteger sentWhenThawed = new AtomicInteger();
		long processingPid = system.cluster.pid(Service.PROCESSING);
		long storagePid = system.cluster.pid(Service.STORAGE);
		long leasesLostBefore = linesContaining(Service.PROCESSING, "lease lost");
		// 45 s of event time in chunks of half a second, one chunk every 800 ms: about 75 s of sending,
		// so the feed runs before, through and after the freeze
		List<Map<String, Object>> sent = MidStreamDrill.run(system, "freeze-both", "events-f", 23,
				Duration.ofSeconds(45), Duration.ofMillis(800), (sending, sentSoFar) -> {
					RunningSystem.sleep(Duration.ofSeconds(4));
					assertThat(sending).as("the feed is still being sent when processing and storage freeze").isNotDone();
					sentWhenFrozen.set(sentSoFar.getAsInt());
					system.cluster.freeze(Service.PROCESSING);
					system.cluster.freeze(Service.STORAGE);
					try {
						RunningSystem.sleep(FREEZE);
						assertThat(system.cluster.isFrozen(Service.PROCESSING)).isTrue();
						assertThat(system.cluster.isFrozen(Service.STORAGE)).isTrue();
						sentWhenThawed.set(sentSoFar.getAsInt());
						assertThat(sending).as("the feed is still being sent when they thaw").isNotDone();
					}
					finally {
						system.cluster.thaw(Service.STORAGE);
						system.cluster.thaw(Service.PROCESSING);
					}
				});
		assertThat(sentWhenFrozen.get()).as("events sent before the freeze").isPositive();
		assertThat(sentWhenThawed.get()).as("events accepted by ingestion during the freeze")
			.isGreaterThan(sentWhenFrozen.get())
			.isLessThan(sent.size());
		assertThat(system.cluster.pid(Service.PROCESSING)).as("processing recovered in place").isEqualTo(processingPid);
		assertThat(system.cluster.pid(Service.STORAGE)).as("storage recovered in place").isEqualTo(storagePid);
		assertThat(linesContaining(Service.PROCESSING, "lease lost"))
			.as("processing found its expired leases lost on thaw and took them again")
			.isGreaterThan(leasesLostBefore);
	}

	private static long linesContaining(Service service, String text) {
		try (var lines = Files.lines(system.cluster.logFile(service))) {
			return lines.filter((line) -> line.contains(text)).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
