package io.tributary.processing.window;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tributary.contract.Counts;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.window.ProcessorHarness.ResultKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Random event sequences (bounded disorder, late events, redeliveries, client retries, values that
 * are missing or not numbers) against a brute-force reference that recomputes every decision from
 * the event list, and restarts and crashes at random points against runs without them.
 */
class PartitionProcessorPropertyTests {

	private static final String PIPELINE = "views";

	private static final long SIZE = 2_000;

	private static final long LATENESS = 1_000;

	private static final long OUT_OF_ORDERNESS = 500;

	private static final List<String> KEYS = List.of("a", "b", "a|b", "ключ:{x}", "", "1|views|0|2000|a");

	private static final Object MISSING = "<missing>";

	private static PipelineDefinition definition(@Nullable Duration every) {
		return Fixtures.pipeline(PIPELINE, Duration.ofMillis(SIZE), Duration.ofMillis(LATENESS),
				Duration.ofMillis(OUT_OF_ORDERNESS), Duration.ofHours(1), every, true);
	}

	// --- input --------------------------------------------------------------------------------------------

	/**
	 * Events in arrival order: originals with event times trailing a moving clock by up to
	 * {@code maxDisorder}, exact copies of recent events (broker redeliveries) and recent ids with a
	 * new acceptance (client retries, duplicates in the data, sometimes with other values).
	 */
	private static List<KeyedEvent> generate(Random random, int n, long maxDisorder, boolean fractions) {
		List<KeyedEvent> events = new ArrayList<>();
		long clock = Fixtures.T0.toEpochMilli();
		int originals = 0;
		while (events.size() < n) {
			double pick = random.nextDouble();
			if (pick < 0.05 && !events.isEmpty()) {
				events.add(events.get(events.size() - 1 - random.nextInt(Math.min(40, events.size()))));
			}
			else if (pick < 0.10 && !events.isEmpty()) {
				KeyedEvent original = events.get(events.size() - 1 - random.nextInt(Math.min(40, events.size())));
				Map<String, Object> values = random.nextBoolean() ? original.values() : Map.of("v", 999_999L);
				events.add(new KeyedEvent(PIPELINE, original.key(), original.eventId(), "retry-" + events.size(),
						original.eventTime(), values));
			}
			else {
				clock += random.nextInt(0, 25);
				long eventTime = clock - random.nextLong(0, maxDisorder + 1);
				String id = "e" + originals++;
				events.add(new KeyedEvent(PIPELINE, KEYS.get(random.nextInt(KEYS.size())), id, "ing-" + id,
						Instant.ofEpochMilli(eventTime), values(random, fractions)));
			}
		}
		return events;
	}

	private static Map<String, Object> values(Random random, boolean fractions) {
		int pick = random.nextInt(100);
		if (pick < 8) {
			return Map.of();
		}
		if (pick < 12) {
			return Map.of("v", "x");
		}
		if (pick < 20 && fractions) {
			return Map.of("v", random.nextDouble(-1000, 1000));
		}
		return Map.of("v", random.nextLong(-1000, 1000));
	}

	// --- the reference --------------------------------------------------------------------------------------

	/**
	 * Decides every event from the list alone: the watermark before event i is the largest event time
	 * of events 0..i-1 minus the out-of-orderness; an id counted earlier in a window that is still held
	 * makes a redelivery (an ingest id already applied: the counted one or one dropped as a duplicate)
	 * or a duplicate; a window is gone once the watermark reaches its end plus the allowed lateness.
	 */
	static final class Reference {

		final Map<ResultKey, List<Object>> accepted = new HashMap<>();

		final Map<ResultKey, Long> duplicates = new HashMap<>();

		final Set<String> late = new HashSet<>();

		/** Redeliveries after their window was purged: ignored, or late if the id was forgotten already. */
		final Set<String> ambiguous = new HashSet<>();

		Reference(List<KeyedEvent> events) {
			boolean[] counted = new boolean[events.size()];
			int[] duplicateOf = new int[events.size()];
			Arrays.fill(duplicateOf, -1);
			for (int i = 0; i < events.size(); i++) {
				KeyedEvent event = events.get(i);
				long watermark = Long.MIN_VALUE;
				for (int j = 0; j < i; j++) {
					watermark = Math.max(watermark, events.get(j).eventTime().toEpochMilli() - OUT_OF_ORDERNESS);
				}
				long start = startOf(event);
				int original = -1;
				for (int j = i - 1; j >= 0; j--) {
					if (counted[j] && events.get(j).eventId().equals(event.eventId())) {
						original = j;
						break;
					}
				}
				if (original >= 0) {
					KeyedEvent first = events.get(original);
					boolean held = startOf(first) + SIZE + LATENESS > watermark;
					Set<String> applied = new HashSet<>();
					applied.add(first.ingestId());
					for (int m = original + 1; m < i; m++) {
						if (duplicateOf[m] == original) {
							applied.add(events.get(m).ingestId());
						}
					}
					if (applied.contains(event.ingestId())) {
						if (!held) {
							this.ambiguous.add(event.eventId() + "|" + start);
						}
						continue;
					}
					if (held) {
						duplicateOf[i] = original;
						this.duplicates.merge(new ResultKey(first.key(), startOf(first)), 1L, Long::sum);
						continue;
					}
				}
				if (start + SIZE + LATENESS <= watermark) {
					this.late.add(event.eventId() + "|" + start);
					continue;
				}
				counted[i] = true;
				this.accepted.computeIfAbsent(new ResultKey(event.key(), start), (k) -> new ArrayList<>())
					.add(event.values().containsKey("v") ? event.values().get("v") : MISSING);
			}
		}

		private static long startOf(KeyedEvent event) {
			long t = event.eventTime().toEpochMilli();
			return t - Math.floorMod(t, SIZE);
		}

		void assertFinalResults(Map<ResultKey, WindowResult> latest) {
			assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(this.accepted.keySet());
			this.accepted.forEach((window, values) -> {
				WindowResult result = latest.get(window);
				String what = window.toString();
				assertThat(result.isFinal()).as(what).isTrue();
				assertThat(result.windowEnd().toEpochMilli() - result.windowStart().toEpochMilli()).isEqualTo(SIZE);
				assertThat(result.counts())
					.as(what)
					.isEqualTo(new Counts(values.size(), 0, this.duplicates.getOrDefault(window, 0L)));
				assertThat(result.metrics()).as(what).containsOnlyKeys(Fixtures.METRICS);
				assertThat(result.metrics().get("n")).as(what).isEqualTo((long) values.size());
				List<Number> numbers = new ArrayList<>();
				boolean integral = true;
				BigDecimal exact = BigDecimal.ZERO;
				for (Object v : values) {
					if (v instanceof Long l) {
						numbers.add(l);
						exact = exact.add(BigDecimal.valueOf(l));
					}
					else if (v instanceof Double d) {
						numbers.add(d);
						exact = exact.add(new BigDecimal(d));
						integral = false;
					}
				}
				if (numbers.isEmpty()) {
					assertThat(result.metrics()).as(what).containsEntry("total", null)
						.containsEntry("lo", null)
						.containsEntry("hi", null)
						.containsEntry("mean", null);
					return;
				}
				if (integral) {
					assertThat(result.metrics().get("total")).as(what).isEqualTo(exact.longValueExact());
				}
				else {
					assertThat((Double) result.metrics().get("total")).as(what)
						.isCloseTo(exact.doubleValue(), within(1e-6));
				}
				double lo = numbers.stream().mapToDouble(Number::doubleValue).min().orElseThrow();
				double hi = numbers.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
				assertThat(result.metrics().get("lo")).as(what).isEqualTo(lo);
				assertThat(result.metrics().get("hi")).as(what).isEqualTo(hi);
				double mean = exact.divide(BigDecimal.valueOf(numbers.size()), MathContext.DECIMAL128).doubleValue();
				assertThat((Double) result.metrics().get("mean")).as(what).isCloseTo(mean, within(1e-9));
			});
		}

		void assertLateRecords(List<LateEventRecord> records) {
			Set<String> ids = new HashSet<>();
			for (LateEventRecord record : records) {
				assertThat(record.watermark()).isAfterOrEqualTo(record.windowEnd().plusMillis(LATENESS));
				ids.add(record.eventId() + "|" + record.windowStart().toEpochMilli());
			}
			ids.removeAll(this.ambiguous);
			Set<String> expected = new HashSet<>(this.late);
			expected.removeAll(this.ambiguous);
			assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
		}

	}

	private static ProcessorHarness run(PipelineDefinition definition) {
		return new ProcessorHarness(5, definition, PartitionProcessor.DEFAULT_REDELIVERY_GRACE);
	}

	private static List<LateEventRecord> withoutAmbiguous(List<LateEventRecord> records, Reference reference) {
		return records.stream()
			.filter((r) -> !reference.ambiguous.contains(r.eventId() + "|" + r.windowStart().toEpochMilli()))
			.toList();
	}

	/** Each window's emissions carry revisions 1, 2, 3, ... and end with a final one. */
	private static void assertRevisionsCountUp(List<WindowResult> published) {
		Map<ResultKey, Long> last = new HashMap<>();
		Map<ResultKey, Boolean> lastFinal = new HashMap<>();
		for (WindowResult result : published) {
			ResultKey key = ResultKey.of(result);
			assertThat(result.revision()).as(key.toString()).isEqualTo(last.getOrDefault(key, 0L) + 1);
			if (Boolean.TRUE.equals(lastFinal.get(key))) {
				assertThat(result.isFinal()).as("once final, a window's results stay final").isTrue();
			}
			last.put(key, result.revision());
			lastFinal.put(key, result.isFinal());
		}
		assertThat(lastFinal.values()).containsOnly(true);
	}

	// --- properties ---------------------------------------------------------------------------------------

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
	void withDisorderWithinTheOutOfOrdernessFinalResultsEqualTheBruteForceReference(long seed) {
		Random random = new Random(seed);
		List<KeyedEvent> events = generate(random, 1500, OUT_OF_ORDERNESS - 100, seed % 2 == 0);
		Reference reference = new Reference(events);
		assertThat(reference.late).isEmpty();
		ProcessorHarness run = run(definition(null));
		run.feedAdvancingAtCheckpoints(random, events, 25);

		reference.assertFinalResults(run.store.results);
		assertThat(run.store.late).isEmpty();
		assertRevisionsCountUp(run.store.published());
		run.assertEverythingIsGoneAfterThePurge();
	}

	@ParameterizedTest
	@ValueSource(longs = { 11, 12, 13, 14, 15, 16, 17, 18 })
	void withLateEventsAndInterimResultsFinalResultsAndLateRecordsEqualTheBruteForceReference(long seed) {
		Random random = new Random(seed);
		List<KeyedEvent> events = generate(random, 1500, 3_000, seed % 2 == 0);
		Reference reference = new Reference(events);
		assertThat(reference.late).isNotEmpty();
		ProcessorHarness run = run(definition(seed % 3 == 0 ? null : Duration.ofMillis(40)));
		run.feed(random, events, 10, 20);

		reference.assertFinalResults(run.store.results);
		reference.assertLateRecords(run.store.late);
		assertRevisionsCountUp(run.store.published());
		run.assertEverythingIsGoneAfterThePurge();
	}

	@ParameterizedTest
	@ValueSource(longs = { 21, 22, 23, 24, 25, 26 })
	void restoringFromAnyCheckpointContinuesExactlyAsWithoutARestart(long seed) {
		Random random = new Random(seed);
		List<KeyedEvent> events = generate(random, 1500, 3_000, seed % 2 == 0);
		PipelineDefinition definition = definition(Duration.ofMillis(30));
		ProcessorHarness straight = run(definition);
		ProcessorHarness restarted = run(definition);
		int restarts = ProcessorHarness.feedWithRestarts(random, events, straight, restarted);

		assertThat(restarts).isGreaterThan(5);
		assertThat(restarted.store.outboxes).hasSameSizeAs(straight.store.outboxes);
		for (int i = 0; i < straight.store.outboxes.size(); i++) {
			assertThat(restarted.store.outboxes.get(i).results()).as("outbox of checkpoint " + i)
				.containsExactlyInAnyOrderElementsOf(straight.store.outboxes.get(i).results());
		}
		// a redelivery after its window was purged is recognised while its id is still held, which a
		// restart prolongs; everything else must be identical
		Reference reference = new Reference(events);
		assertThat(withoutAmbiguous(restarted.store.late, reference))
			.containsExactlyInAnyOrderElementsOf(withoutAmbiguous(straight.store.late, reference));
		assertThat(restarted.redis.meta).isEqualTo(straight.redis.meta);
		reference.assertFinalResults(restarted.store.results);
		reference.assertLateRecords(restarted.store.late);
		restarted.assertEverythingIsGoneAfterThePurge();
	}

	@ParameterizedTest
	@ValueSource(longs = { 31, 32, 33, 34, 35, 36 })
	void crashesWithRedeliveryOfUnacknowledgedInputNeitherLoseNorDoubleCountEvents(long seed) {
		Random random = new Random(seed);
		List<KeyedEvent> events = generate(random, 1500, 3_000, seed % 2 == 0);
		Reference reference = new Reference(events);
		ProcessorHarness run = run(definition(seed % 2 == 0 ? Duration.ofMillis(30) : null));
		Instant now = Fixtures.W0;
		// input is acknowledged only after the checkpoint that covers it
		int acknowledged = 0;
		int crashes = 0;
		int i = 0;
		while (i < events.size()) {
			now = now.plusMillis(random.nextInt(0, 3));
			run.processor.process(events.get(i), now);
			i++;
			if (random.nextInt(8) == 0) {
				Fixtures.advanceQuiet(run.processor, now);
			}
			if (random.nextInt(12) == 0) {
				run.checkpoint();
				if (random.nextInt(4) == 0) {
					// crash after the checkpoint, before the ack: all of it comes again
					run.restart(now);
					i = acknowledged;
					crashes++;
				}
				else {
					acknowledged = i;
				}
			}
			else if (random.nextInt(40) == 0) {
				// crash with an unwritten checkpoint: the work since the last one is lost and redelivered
				run.restart(now);
				i = acknowledged;
				crashes++;
			}
		}
		run.finish(now);

		assertThat(crashes).isGreaterThan(10);
		reference.assertFinalResults(run.store.results);
		reference.assertLateRecords(run.store.late);
		run.assertEverythingIsGoneAfterThePurge();
	}

}
