package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tributary.contract.pipeline.PipelineDefinition;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.T0;
import static io.tributary.processing.window.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * State stays bounded under a steady load: after every checkpoint of a long simulated run (events
 * out of order, some late, duplicates and redeliveries), the (key, window) pairs and the held event
 * ids are within bounds worked out from the pipeline's window size, allowed lateness and
 * out-of-orderness and the dedup horizon, not from the processor; and once the stream ends, both
 * return to zero.
 */
class SteadyStateBoundTests {

	private static final long SIZE = 10_000;

	private static final long LATENESS = 5_000;

	private static final long OUT_OF_ORDER = 2_000;

	private static final int KEYS = 25;

	/** Event time between consecutive events' arrivals. */
	private static final long STEP = 20;

	/** Events per batch, each batch followed by an advance and a checkpoint. */
	private static final int BATCH = 50;

	/** Simulated minutes of event time. */
	private static final int MINUTES = 30;

	@Test
	void pairsAndHeldIdsStayWithinTheWindowAndDedupHorizonAndDrainWhenTheStreamEnds() {
		PipelineDefinition pipeline = Fixtures.pipeline("views", Duration.ofMillis(SIZE), Duration.ofMillis(LATENESS),
				Duration.ofMillis(OUT_OF_ORDER), Duration.ofSeconds(10), null, true);
		PartitionProcessor processor = new PartitionProcessor(0, List.of(pipeline));
		Random random = new Random(13);
		long start = T0.toEpochMilli();
		long eventsPerSecond = 1000 / STEP;
		long checkpointInterval = BATCH * STEP;
		// a key has a window held while the watermark (max event time - out-of-orderness) is before its
		// end + lateness and an event reached it: starts within S + D + L of each other
		long pairBound = KEYS * ceilDiv(SIZE + OUT_OF_ORDER + LATENESS, SIZE);
		// an id is held until the watermark passes its window's end + lateness, and deleted two
		// checkpoints later; its event may be up to D behind the newest, and the window up to S long
		long idBound = eventsPerSecond * (SIZE + LATENESS + OUT_OF_ORDER + 2 * checkpointInterval) / 1000;
		List<String> recentIds = new ArrayList<>();
		long sent = 0;
		long peakPairs = 0;
		long peakIds = 0;
		long batches = MINUTES * 60_000L / checkpointInterval;
		for (long b = 0; b < batches; b++) {
			long now = start + (b + 1) * checkpointInterval + 100;
			for (int i = 0; i < BATCH; i++) {
				long n = b * BATCH + i;
				long newest = start + n * STEP;
				String key = "k" + (n % KEYS);
				if (n % 50 == 49) {
					// late: its window was purged long ago
					processor.process(event(key, "late-" + n, Instant.ofEpochMilli(newest - 30_000), 1), now(now));
				}
				else if (n % 40 == 39 && !recentIds.isEmpty()) {
					// a client's retry (new acceptance) or a broker's redelivery of a recent event
					String id = recentIds.get(random.nextInt(recentIds.size()));
					String ingestId = (n % 80 == 79) ? "ing-" + id : "retry-" + n;
					processor.process(Fixtures.event("views", key, id, ingestId, Instant.ofEpochMilli(newest), 1), now(now));
				}
				else {
					long jitter = random.nextLong(OUT_OF_ORDER);
					String id = "e" + n;
					processor.process(event(key, id, Instant.ofEpochMilli(newest - jitter), 1), now(now));
					recentIds.add(id);
					if (recentIds.size() > 20) {
						recentIds.remove(0);
					}
				}
				sent++;
			}
			processor.advance(now(now));
			processor.checkpoint();
			PartitionStats stats = processor.stats();
			assertThat(stats.windows()).as("pairs after batch %d", b).isLessThanOrEqualTo(pairBound);
			assertThat(stats.dedupEntries()).as("held ids after batch %d", b).isLessThanOrEqualTo(idBound);
			if (b > 60_000 / checkpointInterval) {
				// past the first minute every key has its current window, and ids of the last seconds are held
				assertThat(stats.windows()).isGreaterThanOrEqualTo(KEYS);
				assertThat(stats.dedupEntries()).isGreaterThanOrEqualTo(eventsPerSecond * SIZE / 1000 / 2);
			}
			peakPairs = Math.max(peakPairs, stats.windows());
			peakIds = Math.max(peakIds, stats.dedupEntries());
		}
		assertThat(sent).as("a run far longer than the horizon").isGreaterThan(50 * idBound);
		assertThat(processor.stats().lateEvents()).isPositive();
		assertThat(processor.stats().duplicates()).isPositive();
		assertThat(processor.stats().redeliveries()).isPositive();

		// the stream ends: the sources vouch, the idle watermark passes every window, two checkpoints delete the ids
		Instant end = Instant.ofEpochMilli(start + MINUTES * 60_000L + 60_000);
		Fixtures.advanceQuiet(processor, end);
		processor.checkpoint();
		Fixtures.advanceQuiet(processor, end.plusSeconds(1));
		processor.checkpoint();
		Fixtures.advanceQuiet(processor, end.plusSeconds(2));
		processor.checkpoint();
		assertThat(processor.stats().windows()).isZero();
		assertThat(processor.stats().dedupEntries()).isZero();
	}

	private static Instant now(long millis) {
		return Instant.ofEpochMilli(millis);
	}

	private static long ceilDiv(long a, long b) {
		return (a + b - 1) / b;
	}

}
