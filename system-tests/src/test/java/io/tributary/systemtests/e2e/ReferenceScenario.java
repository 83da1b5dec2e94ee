package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.systemtests.e2e.YsbReference.Expected;
import io.tributary.systemtests.e2e.YsbReference.WindowKey;
import io.tributary.systemtests.ysb.AdEvent;
import io.tributary.systemtests.ysb.YsbCampaigns;
import io.tributary.systemtests.ysb.YsbFeed;
import io.tributary.systemtests.ysb.YsbFeed.Channel;
import io.tributary.systemtests.ysb.YsbFeed.Chunk;
import io.tributary.systemtests.ysb.YsbGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end reference scenario on one YSB pipeline of a running system: events over HTTP (JSON
 * arrays and NDJSON) and AMQP, shuffled within the watermark's bound, with duplicates in the data and
 * a retried request; windows close by the idle timeout after the feed stops; then events for
 * long-closed windows arrive. Every window served must equal the reference computed from what was
 * sent, to the event. Shared by the single-instance and the scaled-out end-to-end tests.
 */
final class ReferenceScenario {

	private ReferenceScenario() {
	}

	/**
	 * @param name prefix of the campaign ids and name of the probe key, so scenarios on one system
	 *             never share keys
	 */
	static void run(RunningSystem system, String pipeline, String stream, long seed, String name) {
		YsbCampaigns campaigns = YsbCampaigns.generate(seed, 20, name + "-");
		Map<String, Object> table = new LinkedHashMap<>(campaigns.lookupTable());
		table.put("probe-ad-" + name, "probe-" + name);
		system.loadLookup(table);
		system.awaitLookupLoaded("probe-ad-" + name, "probe-" + name);

		// 40 s of event time, four windows, ending well before now; sent at about 3x real time
		Instant base = alignedToWindow(Instant.now()).minusSeconds(60);
		YsbGenerator generator = new YsbGenerator(campaigns, seed);
		List<AdEvent> events = generator.onTime(YsbGenerator.Options.defaults(base, Duration.ofSeconds(40)));
		List<Chunk> plan = YsbFeed.plan(events, 100, 4, 5, Set.of(10));
		assertThat(plan).anySatisfy((c) -> assertThat(c.channel()).isEqualTo(Channel.AMQP))
			.anySatisfy((c) -> assertThat(c.channel()).isEqualTo(Channel.HTTP_NDJSON))
			.anySatisfy((c) -> assertThat(c.retry()).isTrue());

		List<Map<String, Object>> sent = new FeedRunner(system, stream).send(plan, Duration.ofMillis(333));

		YsbReference reference = new YsbReference(campaigns.adToCampaign(), PipelineYaml.WINDOW, PipelineYaml.AGGREGATES);
		Map<WindowKey, Expected> onTime = reference.compute(sent, List.of());
		assertThat(onTime).as("every campaign has views in each of the four windows").hasSize(20 * 4);
		assertThat(onTime.values().stream().mapToLong(Expected::duplicates).sum())
			.as("duplicates in the data and from the retried request").isGreaterThan(30);
		ResultsAwaiter results = new ResultsAwaiter(system, pipeline);
		// the last window closes by the idle timeout: 3 s after the feed stops, the watermark moves on
		results.awaitEqual(onTime, campaigns.campaignIds(), Duration.ofSeconds(60), "on-time data");
		results.assertKeysListed(campaigns.campaignIds());

		// every window is final, so the watermark is past base + 40 s: the first two windows are purged
		// (end + allowed lateness <= base + 25 s) and events for them are late
		List<AdEvent> late = new ArrayList<>();
		for (String campaign : campaigns.campaignIds().subList(0, 5)) {
			for (Instant window : List.of(base, base.plus(PipelineYaml.WINDOW))) {
				late.addAll(generator.viewsIn(campaign, window, PipelineYaml.WINDOW, 3));
				late.add(generator.eventOf(campaign, "click", window.plusSeconds(1)));
			}
		}
		FeedRunner lateFeed = new FeedRunner(system, stream);
		List<AdEvent> overHttp = late.subList(0, late.size() / 2);
		lateFeed.send(new Chunk(1000, overHttp, Channel.HTTP_JSON, false));
		lateFeed.send(new Chunk(1000, overHttp, Channel.HTTP_JSON, true));
		lateFeed.send(new Chunk(1001, late.subList(late.size() / 2, late.size()), Channel.AMQP, false));

		Map<WindowKey, Expected> withLate = reference.compute(sent, lateFeed.sent());
		assertThat(withLate.values().stream().mapToLong(Expected::late).sum()).isEqualTo(5 * 2 * 3);
		results.awaitEqual(withLate, campaigns.campaignIds(), Duration.ofSeconds(30), "after late events");
	}

	static Instant alignedToWindow(Instant t) {
		long size = PipelineYaml.WINDOW.toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), size) * size);
	}

}
