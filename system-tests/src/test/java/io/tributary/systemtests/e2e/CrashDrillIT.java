package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tributary.systemtests.e2e.YsbReference.Expected;
import io.tributary.systemtests.e2e.YsbReference.WindowKey;
import io.tributary.systemtests.launch.Service;
import io.tributary.systemtests.ysb.AdEvent;
import io.tributary.systemtests.ysb.YsbCampaigns;
import io.tributary.systemtests.ysb.YsbFeed;
import io.tributary.systemtests.ysb.YsbFeed.Chunk;
import io.tributary.systemtests.ysb.YsbGenerator;
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
	void killingProcessingMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
		drill(Service.PROCESSING, "crash-processing", "events-p", 21);
	}

	@Test
	void killingStorageMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
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

	private void drill(Service victim, String pipeline, String stream, long seed) throws Exception {
		YsbCampaigns campaigns = YsbCampaigns.generate(seed, 20, pipeline + "-");
		Map<String, Object> table = new LinkedHashMap<>(campaigns.lookupTable());
		String probeAd = "probe-ad-" + pipeline;
		table.put(probeAd, "probe-" + pipeline);
		system.loadLookup(table);
		system.awaitLookupLoaded(probeAd, "probe-" + pipeline);

		// 45 s of event time in chunks of half a second, one chunk every 150 ms: about 14 s of sending
		Instant base = EndToEndIT.alignedToWindow(Instant.now()).minusSeconds(60);
		YsbGenerator generator = new YsbGenerator(campaigns, seed);
		List<AdEvent> events = generator.onTime(YsbGenerator.Options.defaults(base, Duration.ofSeconds(45)));
		List<Chunk> plan = YsbFeed.plan(events, 50, 5, 4, Set.of(30, 60));
		FeedRunner feed = new FeedRunner(system, stream);
		CompletableFuture<List<Map<String, Object>>> sending = CompletableFuture
			.supplyAsync(() -> feed.send(plan, Duration.ofMillis(150)));

		RunningSystem.sleep(Duration.ofSeconds(4));
		assertThat(sending).as("the feed is still being sent when %s is killed", victim).isNotDone();
		int sentWhenKilled = feed.sent().size();
		crashAndRestart(victim);
		// again while it works through what piled up during the first outage: redeliveries of
		// redeliveries, and a checkpoint interrupted on a partition that was just restored
		RunningSystem.sleep(Duration.ofMillis(1500));
		crashAndRestart(victim);

		List<Map<String, Object>> sent = sending.get(3, TimeUnit.MINUTES);
		assertThat(sentWhenKilled).as("events sent before the first kill").isPositive().isLessThan(sent.size());

		YsbReference reference = new YsbReference(campaigns.adToCampaign(), PipelineYaml.WINDOW, PipelineYaml.AGGREGATES);
		Map<WindowKey, Expected> expected = reference.compute(sent, List.of());
		assertThat(expected).hasSize(20 * 5);
		ResultsAwaiter results = new ResultsAwaiter(system, pipeline);
		results.awaitEqual(expected, campaigns.campaignIds(), Duration.ofSeconds(120),
				victim + " killed after " + sentWhenKilled + " of " + sent.size() + " events");
		results.assertKeysListed(campaigns.campaignIds());
	}

}
