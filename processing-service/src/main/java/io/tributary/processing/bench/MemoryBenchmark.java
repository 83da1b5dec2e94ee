package io.tributary.processing.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.window.PartitionProcessor;
import io.tributary.processing.window.PartitionStats;

/**
 * The memory benchmark ({@code ./tributary bench-core --memory} and {@code --steady}). The first
 * opens a known number of (key, window) pairs in a partition's window state, one event each, then
 * as many events again on the same pairs (ids held, no new pairs), and prints the retained heap per
 * open pair and per held id. The second runs the YSB job through the core at its generator's steady
 * rate for some minutes of event time and prints, every simulated minute, the retained heap, the
 * pairs and the held ids: they must stay level.
 */
public final class MemoryBenchmark {

	/** Events per checkpoint while pairs are opened: what a delivery would apply before committing. */
	private static final int CHECKPOINT_EVENTS = 2_000;

	/** Events of the YSB generator per simulated minute (its rate is fixed: 10 per millisecond). */
	private static final long EVENTS_PER_MINUTE = 60_000L * YsbEvents.EVENTS_PER_MS;

	/** Retained heap may vary this much between samples without counting as growth (collector's regions). */
	private static final long HEAP_SLACK_BYTES = 4_000_000;

	private MemoryBenchmark() {
	}

	public static void main(String[] args) {
		CoreBenchmark.quietLogging();
		PrintStream out = System.out;
		String mode = (args.length > 0) ? args[0] : "";
		String option = (args.length == 3) ? args[1] : null;
		long count = (args.length == 3 && args[2].matches("[0-9]{1,9}")) ? Long.parseLong(args[2]) : 0;
		boolean counted = args.length == 1 || count > 0;
		if (mode.equals("--memory") && (args.length == 1 || "--keys".equals(option)) && counted) {
			System.exit(openPairs(out, (count > 0) ? Math.toIntExact(count) : 1_000_000) ? 0 : 2);
		}
		else if (mode.equals("--steady") && (args.length == 1 || "--minutes".equals(option)) && counted) {
			System.exit(steadyLoad(out, (count > 0) ? count : 10) ? 0 : 2);
		}
		else {
			System.err.println("bench-core: --memory [--keys N] or --steady [--minutes N], N > 0");
			System.exit(64);
		}
	}

	/**
	 * Opens {@code keys} pairs in the first 10 s window of the YSB pipeline (event times within its
	 * first 8 s, so the watermark stays before its end), then {@code keys} more events on them.
	 * @return whether the state held exactly the pairs and ids opened
	 */
	static boolean openPairs(PrintStream out, int keys) {
		PipelineDefinition pipeline = YsbCore.pipelineFile().pipelines().get(YsbCore.PIPELINE);
		PartitionProcessor processor = new PartitionProcessor(0, List.of(pipeline));
		long windowStart = YsbEvents.BASE_TIME;
		Instant now = Instant.ofEpochMilli(windowStart + 9_000);
		// warm the code paths (classes, tables) on other keys of a throw-away processor
		apply(new PartitionProcessor(0, List.of(pipeline)), 10_000, 0, 9, windowStart, now);
		long empty = RetainedHeap.bytes();
		apply(processor, keys, 0, 1, windowStart, now);
		long withPairs = RetainedHeap.bytes();
		PartitionStats pairs = processor.stats();
		apply(processor, keys, keys, 1, windowStart, now);
		long withIds = RetainedHeap.bytes();
		PartitionStats ids = processor.stats();
		if (pairs.windows() != keys || ids.windows() != keys || ids.dedupEntries() != 2L * keys) {
			out.printf(Locale.ROOT, "tributary-memory: MISMATCH pairs=%d then %d held_ids=%d (expected %d, %d, %d)%n",
					pairs.windows(), ids.windows(), ids.dedupEntries(), keys, keys, 2L * keys);
			return false;
		}
		double perId = (double) (withIds - withPairs) / keys;
		double perPairWithId = (double) (withPairs - empty) / keys;
		double perPair = perPairWithId - perId;
		out.printf(Locale.ROOT,
				"tributary-memory: open_pairs=%d held_ids=%d heap_empty_mb=%.1f heap_with_pairs_mb=%.1f"
						+ " heap_with_ids_mb=%.1f%n",
				ids.windows(), ids.dedupEntries(), empty / 1e6, withPairs / 1e6, withIds / 1e6);
		out.printf(Locale.ROOT,
				"tributary-memory: bytes_per_open_pair=%.0f bytes_per_held_id=%.0f bytes_per_pair_with_one_event=%.0f"
						+ " mb_per_million_pairs=%.0f mb_per_million_pairs_with_one_event=%.0f mb_per_million_ids=%.0f%n",
				perPair, perId, perPairWithId, perPair, perPairWithId, perId);
		// the processor stays reachable until the last measurement
		return processor.stats().windows() == keys;
	}

	/**
	 * Applies one event per key of {@code keys} keys (numbered from 0 in steps of {@code step}), ids
	 * numbered from {@code firstId}, checkpointing as a delivery would.
	 */
	private static void apply(PartitionProcessor processor, int keys, long firstId, int step, long windowStart,
			Instant now) {
		for (int k = 0; k < keys; k++) {
			long id = firstId + k;
			// each event decodes to strings of its own, as from the wire
			KeyedEvent event = new KeyedEvent(YsbCore.PIPELINE, YsbEvents.id(9, 0x3000, (long) k * step),
					YsbEvents.id(9, 0x7000, id), YsbEvents.id(9, 0x4000, id),
					Instant.ofEpochMilli(windowStart + (id % 8_000)), Map.of());
			processor.process(event, now);
			if ((k + 1) % CHECKPOINT_EVENTS == 0) {
				processor.advance(now);
				processor.checkpoint();
			}
		}
		processor.advance(now);
		processor.checkpoint();
	}

	/**
	 * Runs the YSB job for {@code minutes} minutes of event time at the generator's rate, printing
	 * after each the retained heap, the pairs and the held ids. The first minute is the restart's
	 * redelivery grace (a partition just acquired keeps every id for a minute of the clock), so the
	 * level is taken after the second.
	 * @return whether pairs and ids stayed within a tenth of their level after minute 2 and the heap grew by
	 * less than {@link #HEAP_SLACK_BYTES} since
	 */
	static boolean steadyLoad(PrintStream out, long minutes) {
		YsbEvents generator = new YsbEvents(100_000, 42, 1);
		// the generator's templates are most of the heap: what the core adds is measured above them
		long generatorHeap = RetainedHeap.bytes();
		YsbCore core = new YsbCore(generator.campaignOfAd(), 8);
		List<byte[]> messages = new ArrayList<>(4);
		long results = 0;
		long levelHeap = -1;
		long lastHeap = -1;
		long levelPairs = -1;
		long levelIds = -1;
		boolean levelOk = true;
		long peakPairs = 0;
		long peakIds = 0;
		long wall0 = System.nanoTime();
		out.printf(Locale.ROOT,
				"tributary-memory-steady: events_per_s=%d minutes=%d partitions=8 heap_with_generator_only_mb=%.1f%n",
				YsbEvents.EVENTS_PER_MS * 1000, minutes, generatorHeap / 1e6);
		for (long minute = 1; minute <= minutes; minute++) {
			long until = minute * EVENTS_PER_MINUTE;
			while (generator.generated() < until) {
				messages.clear();
				for (int m = 0; m < 4 && generator.generated() < until; m++) {
					messages.add(generator.nextBatch((int) Math.min(500, until - generator.generated())));
				}
				core.deliver(messages, YsbEvents.eventTime(generator.generated() - 1));
			}
			results += core.dropResults();
			YsbCore.HeldState held = core.heldState();
			long heap = RetainedHeap.bytes();
			lastHeap = heap;
			if (minute == Math.min(2, minutes)) {
				levelPairs = held.windows();
				levelIds = held.heldIds();
				levelHeap = heap;
			}
			else if (levelPairs >= 0) {
				// a tenth of slack: the sizes are sampled with checkpoints, not at the minute exactly
				levelOk &= held.windows() <= levelPairs * 11 / 10 && held.heldIds() <= levelIds * 11 / 10;
			}
			peakPairs = Math.max(peakPairs, held.windows());
			peakIds = Math.max(peakIds, held.heldIds());
			out.printf(Locale.ROOT,
					"tributary-memory-steady: minute=%d events=%d open_pairs=%d held_ids=%d retained_heap_mb=%.1f"
							+ " above_generator_mb=%.1f result_messages=%d%n",
					minute, generator.generated(), held.windows(), held.heldIds(), heap / 1e6,
					(heap - generatorHeap) / 1e6, results);
		}
		// the last sample, taken while the generator (most of the heap) is still in use
		long growth = lastHeap - levelHeap;
		boolean ok = levelOk && growth < HEAP_SLACK_BYTES;
		out.printf(Locale.ROOT,
				"tributary-memory-steady: peak_open_pairs=%d peak_held_ids=%d heap_growth_since_minute_2_mb=%.1f"
						+ " wall_s=%.1f check=%s%n",
				peakPairs, peakIds, growth / 1e6, (System.nanoTime() - wall0) / 1e9, ok ? "BOUNDED" : "GROWING");
		core.stop();
		return ok;
	}

}
