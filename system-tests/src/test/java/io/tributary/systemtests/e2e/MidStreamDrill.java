package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

import io.tributary.systemtests.e2e.YsbReference.Expected;
import io.tributary.systemtests.e2e.YsbReference.WindowKey;
import io.tributary.systemtests.launch.BackgroundWork;
import io.tributary.systemtests.ysb.AdEvent;
import io.tributary.systemtests.ysb.YsbCampaigns;
import io.tributary.systemtests.ysb.YsbFeed;
import io.tributary.systemtests.ysb.YsbFeed.Chunk;
import io.tributary.systemtests.ysb.YsbGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A drill: a YSB feed sent while something disrupts the system, then every window equal to the reference. */
final class MidStreamDrill {

	private static final Logger log = LoggerFactory.getLogger(MidStreamDrill.class);

	private MidStreamDrill() {
	}

	/**
	 * Sends a YSB feed to the pipeline's stream while {@code disruption} runs (it gets the sending in
	 * progress and the count of events sent so far, to check that it disrupts mid-stream), then waits
	 * until every window equals the reference.
	 * @return the events sent
	 */
	static List<Map<String, Object>> run(RunningSystem system, String pipeline, String stream, long seed,
			Duration span, Duration interval, Disruption disruption) {
		return run(system, pipeline, stream, seed, span, interval, Duration.ZERO, (index) -> {
		}, disruption);
	}

	/**
	 * As {@link #run(RunningSystem, String, String, long, Duration, Duration, Disruption)}, an HTTP
	 * chunk that is not accepted being sent again (same events, same ids) for up to {@code retryFor},
	 * and {@code beforeChunk} run in the sending thread before each chunk (see {@link FeedRunner}).
	 */
	static List<Map<String, Object>> run(RunningSystem system, String pipeline, String stream, long seed,
			Duration span, Duration interval, Duration retryFor, IntConsumer beforeChunk, Disruption disruption) {
		YsbCampaigns campaigns = YsbCampaigns.generate(seed, 20, pipeline + "-");
		Map<String, Object> table = new LinkedHashMap<>(campaigns.lookupTable());
		String probeAd = "probe-ad-" + pipeline;
		table.put(probeAd, "probe-" + pipeline);
		system.loadLookup(table);
		system.awaitLookupLoaded(probeAd, "probe-" + pipeline);

		Instant base = ReferenceScenario.alignedToWindow(Instant.now()).minusSeconds(60);
		YsbGenerator generator = new YsbGenerator(campaigns, seed);
		List<AdEvent> events = generator.onTime(YsbGenerator.Options.defaults(base, span));
		List<Chunk> plan = YsbFeed.plan(events, 50, 5, 4, Set.of(30, 60));
		FeedRunner feed = new FeedRunner(system, stream, retryFor, beforeChunk);
		CompletableFuture<List<Map<String, Object>>> sending = CompletableFuture
			.supplyAsync(() -> feed.send(plan, interval), BackgroundWork.EXECUTOR);
		long started = System.nanoTime();

		disruption.during(sending, () -> feed.sent().size());
		int sentByThen = feed.sent().size();
		log.info("{}: disruption over after {} ms, {} events sent by then", pipeline,
				(System.nanoTime() - started) / 1_000_000, sentByThen);

		List<Map<String, Object>> sent;
		try {
			sent = sending.get(3, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new AssertionError("the feed failed: " + ex, ex);
		}

		YsbReference reference = new YsbReference(campaigns.adToCampaign(), PipelineYaml.WINDOW, PipelineYaml.AGGREGATES);
		Map<WindowKey, Expected> expected = reference.compute(sent, List.of());
		assertThat(expected).as("every campaign has views in every window")
			.hasSize(20 * (int) Math.ceilDiv(span.toMillis(), PipelineYaml.WINDOW.toMillis()));
		ResultsAwaiter results = new ResultsAwaiter(system, pipeline);
		results.awaitEqual(expected, campaigns.campaignIds(), Duration.ofSeconds(120),
				pipeline + ": " + sentByThen + " of " + sent.size() + " events sent when the disruption was over");
		results.assertKeysListed(campaigns.campaignIds());
		return sent;
	}

	/** What disrupts the system while the feed is sent. */
	@FunctionalInterface
	interface Disruption {

		/**
		 * @param sending    the sending in progress
		 * @param sentSoFar  how many events have been sent at the time it is asked
		 */
		void during(CompletableFuture<?> sending, IntSupplier sentSoFar);

	}

}
