package io.tributary.processing.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core benchmark's smoke test (not a timed one): its generator writes what the wire format
 * writes, and a short run through the core counts, window by window, the views that a brute-force
 * count over the decoded input finds.
 */
class CoreBenchmarkTests {

	@Test
	void generatesTheBytesTheWireFormatWritesForTheSameEventsInEitherEncoding() {
		for (WireFormat.Encoding encoding : WireFormat.Encoding.values()) {
			YsbEvents generator = new YsbEvents(50, 7, 3, encoding);
			YsbEvents reference = new YsbEvents(50, 7, 3, encoding);
			// 25 batches of 500 events: 1.25 s of event time, across a second and at whole seconds
			for (int batch = 0; batch < 25; batch++) {
				long first = generator.generated();
				byte[] bytes = generator.nextBatch(500);
				long acceptedAt = YsbEvents.eventTime(generator.generated() - 1);
				List<Event> events = new ArrayList<>();
				for (long n = first; n < generator.generated(); n++) {
					events.add(reference.event(n, acceptedAt));
				}
				assertThat(bytes).as("%s batch %d", encoding, batch)
					.isEqualTo(WireFormat.write(new EventBatch(events), encoding));
			}
		}
		assertThat(new YsbEvents(5, 7, 3).encoding()).isEqualTo(WireFormat.messageEncoding());
	}

	@Test
	void countsEveryViewInItsCampaignsWindowInFinalResults() {
		int events = 150_000;
		YsbEvents generator = new YsbEvents(1_000, 11, 5);
		YsbCore core = new YsbCore(generator.campaignOfAd(), 4);
		Map<String, Long> expected = new HashMap<>();
		while (generator.generated() < events) {
			List<byte[]> messages = List.of(generator.nextBatch(300), generator.nextBatch(200));
			core.deliver(messages, YsbEvents.eventTime(generator.generated() - 1));
			for (byte[] message : messages) {
				for (Event event : WireFormat.read(message, EventBatch.class).events()) {
					if (event.data().get("event_type").equals("view")) {
						String campaign = generator.campaignOfAd().get((String) event.data().get("ad_id"));
						long start = event.eventTime().toEpochMilli() / 10_000 * 10_000;
						expected.merge(campaign + "@" + start, 1L, Long::sum);
					}
				}
			}
		}
		core.finish();
		core.stop();

		Map<String, Long> counted = new HashMap<>();
		for (WindowResult result : core.latestResults()) {
			assertThat(result.isFinal()).as("%s", result).isTrue();
			assertThat(result.windowEnd()).isEqualTo(result.windowStart().plusSeconds(10));
			counted.put(result.key() + "@" + result.windowStart().toEpochMilli(),
					((Number) result.metrics().get("views")).longValue());
		}
		assertThat(counted).isEqualTo(expected);
		assertThat(core.counted().views()).isEqualTo(generator.viewsAmongFirst(events))
			.isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
		assertThat(expected.keySet().stream().map((window) -> window.substring(window.indexOf('@'))).distinct())
			.as("the run spans windows of 10 s: %s", expected.keySet())
			.hasSize(2);
	}

	@Test
	void aShortBenchmarkRunChecksOk() {
		CoreBenchmark.Settings settings = CoreBenchmark.Settings
			.parse(new String[] { "--events", "20000", "--warmup-events", "0", "--templates", "500" });
		CoreBenchmark.Run run = CoreBenchmark.run(settings, settings.events(), 1, null);
		assertThat(run.counted().views()).isEqualTo(run.expectedViews()).isPositive();
		assertThat(run.ok()).isTrue();
		assertThat(run.processCpuNanos()).isPositive();
		// the core allocates (every event decodes to objects of its own), the generator's bytes apart
		assertThat(run.generatorAllocatedBytes()).isPositive();
		assertThat(run.coreAllocatedBytesPerEvent()).isPositive();
		assertThat(run.allocatedBytes()).isGreaterThan(run.generatorAllocatedBytes());
	}

	@Test
	void aShortMemoryRunHoldsExactlyThePairsAndIdsItOpened() {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		assertThat(MemoryBenchmark.openPairs(new PrintStream(printed, true, StandardCharsets.UTF_8), 3_000)).isTrue();
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains("open_pairs=3000 held_ids=6000")
			.contains("bytes_per_open_pair=");
	}

}
