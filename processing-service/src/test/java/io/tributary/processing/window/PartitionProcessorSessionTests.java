package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.tributary.contract.Counts;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.window.ProcessorHarness.ResultKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.tributary.processing.window.Fixtures.event;
import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session windows: merging (also of fired sessions by late events), retraction of moved starts,
 * duplicates across merges, and checkpoints; random runs against a brute-force reference that
 * sorts each key's events and splits them where consecutive events are more than the gap apart.
 */
class PartitionProcessorSessionTests {

	private static final String PIPELINE = "views";

	private static final Duration IDLE = Duration.ofHours(1);

	private static PipelineDefinition sessions(long gapMillis, long latenessMillis, long outOfOrdernessMillis,
			@Nullable Duration every) {
		return Fixtures.sessions(PIPELINE, Duration.ofMillis(gapMillis), Duration.ofMillis(latenessMillis),
				Duration.ofMillis(outOfOrdernessMillis), IDLE, every, true);
	}

	/**
	 * Restarts without a redelivery grace: held ids would recognise redeliveries that an uninterrupted
	 * run has forgotten, and here the comparison is with such a run.
	 */
	private static ProcessorHarness run(PipelineDefinition definition) {
		return new ProcessorHarness(3, definition, Duration.ZERO);
	}

	// --- merging and lateness, by hand ---------------------------------------------------------------------

	@Test
	void aLateEventThatBridgesTwoFiredSessionsMergesThemAndRetractsTheLaterStart() {
		// gap 10 s, allowed lateness 5 min, no out-of-orderness
		ProcessorHarness run = run(sessions(10_000, 300_000, 0, null));
		run.processor.process(event("a", "e1", t(0), 1), w(0));
		run.processor.process(event("a", "e2", t(18), 2), w(1));
		run.processor.process(event("z", "e3", t(100), 100), w(2));
		ResultBatch fired = run.checkpoint();
		assertThat(fired.results()).extracting(WindowResult::key, WindowResult::windowStart, WindowResult::windowEnd,
				WindowResult::isFinal, WindowResult::revision)
			.containsExactlyInAnyOrder(tuple("a", t(0), t(10), true, 1L), tuple("a", t(18), t(28), true, 1L));
		// the bookkeeping of what was emitted where survives a restart
		run.restart(w(3));

		// [9, 19) touches [0, 10) (ends at 10 >= 9) and [18, 28) (starts at 18 <= 19)
		run.processor.process(event("a", "e4", t(9), 4), w(4));
		Fixtures.advanceQuiet(run.processor, w(4));
		ResultBatch merged = run.checkpoint();

		assertThat(merged.results()).singleElement().satisfies((r) -> {
			assertThat(r.windowStart()).isEqualTo(t(0));
			assertThat(r.windowEnd()).isEqualTo(t(28));
			assertThat(r.isFinal()).isTrue();
			assertThat(r.revision()).isEqualTo(2);
			assertThat(r.counts()).isEqualTo(new Counts(3, 0, 0));
			assertThat(r.metrics()).containsEntry("n", 3L).containsEntry("total", 7L).containsEntry("hi", 4.0);
		});
		assertThat(merged.retractions()).containsExactly(
				new WindowRetraction(PIPELINE, "a", t(18), t(28), 2, t(0), t(28)));
		assertThat(run.store.of("a").keySet()).containsExactly(t(0).toEpochMilli());

		// a duplicate of an event of the absorbed session is still recognised, on the merged one
		run.processor.process(event(PIPELINE, "a", "e2", "retry-e2", t(18), 2L), w(5));
		// and a broker redelivery changes nothing
		run.processor.process(event(PIPELINE, "a", "e2", "retry-e2", t(18), 2L), w(5));
		Fixtures.advanceQuiet(run.processor, w(5));
		ResultBatch duplicate = run.checkpoint();
		assertThat(duplicate.results()).singleElement().satisfies((r) -> {
			assertThat(r.windowStart()).isEqualTo(t(0));
			assertThat(r.revision()).isEqualTo(3);
			assertThat(r.counts()).isEqualTo(new Counts(3, 0, 1));
		});
		assertThat(duplicate.retractions()).isEmpty();

		// past [0, 28) + 5 min the session is purged: an event there is late, with its proto-session
		run.processor.process(event("z", "e5", t(400), 1), w(6));
		run.processor.process(event("a", "e6", t(5), 1), w(7));
		ResultBatch after = run.checkpoint();
		assertThat(after.late()).singleElement().satisfies((late) -> {
			assertThat(late.eventId()).isEqualTo("e6");
			assertThat(late.windowStart()).isEqualTo(t(5));
			assertThat(late.windowEnd()).isEqualTo(t(15));
		});
		assertThat(after.results()).noneMatch((r) -> r.key().equals("a"));
		// z's [100, 110) (fired, not purged) and [400, 410)
		assertThat(run.processor.stats().windows()).isEqualTo(2);
	}

	@Test
	void aFiredSessionThatALateEventExtendsPastTheWatermarkIsOpenAgainUntilTheWatermarkPassesItsNewEnd() {
		// gap 10 s, allowed lateness 1 min, 5 s out-of-orderness, interim results every second
		ProcessorHarness run = run(sessions(10_000, 60_000, 5_000, Duration.ofSeconds(1)));
		run.processor.process(event("a", "e1", t(0), 1), w(0));
		run.processor.process(event("b", "e2", t(16), 1), w(0));
		Fixtures.advanceQuiet(run.processor, w(0));
		assertThat(run.checkpoint().results()).extracting(WindowResult::key, WindowResult::windowStart,
				WindowResult::isFinal, WindowResult::revision)
			.containsExactlyInAnyOrder(tuple("a", t(0), true, 1L), tuple("b", t(16), false, 1L));

		// watermark 11 s: [0, 10) fired; [8, 18) extends it to [0, 18), past the watermark
		run.processor.process(event("a", "e3", t(8), 2), w(2));
		Fixtures.advanceQuiet(run.processor, w(2));
		ResultBatch reopened = run.checkpoint();
		assertThat(reopened.results()).singleElement().satisfies((r) -> {
			assertThat(r.windowStart()).isEqualTo(t(0));
			assertThat(r.windowEnd()).isEqualTo(t(18));
			assertThat(r.isFinal()).isFalse();
			assertThat(r.revision()).isEqualTo(2);
		});
		assertThat(reopened.retractions()).isEmpty();

		// an event before its start moves the start: the results under 0 s are retracted
		run.processor.process(event("a", "e4", t(-5), 3), w(3));
		Fixtures.advanceQuiet(run.processor, w(4));
		ResultBatch moved = run.checkpoint();
		assertThat(moved.results()).singleElement().satisfies((r) -> {
			assertThat(r.windowStart()).isEqualTo(t(-5));
			assertThat(r.windowEnd()).isEqualTo(t(18));
			assertThat(r.isFinal()).isFalse();
			assertThat(r.revision()).isEqualTo(3);
		});
		assertThat(moved.retractions()).containsExactly(new WindowRetraction(PIPELINE, "a", t(0), t(18), 3, t(-5), t(18)));

		run.processor.process(event("b", "e5", t(30), 1), w(5));
		Fixtures.advanceQuiet(run.processor, w(5));
		assertThat(run.checkpoint().results()).filteredOn((r) -> r.key().equals("a")).singleElement().satisfies((r) -> {
			assertThat(r.windowStart()).isEqualTo(t(-5));
			assertThat(r.isFinal()).isTrue();
			assertThat(r.revision()).isEqualTo(4);
			assertThat(r.counts()).isEqualTo(new Counts(3, 0, 0));
		});
	}

	@Test
	void aDuplicateIsRecognisedForAsLongAsTheSessionThatCountedItIsLive() {
		// gap 10 s, no lateness, no out-of-orderness: e1's proto-session [0, 10) expires at watermark 10
		ProcessorHarness run = run(sessions(10_000, 0, 0, null));
		for (int i = 0; i <= 4; i++) {
			run.processor.process(event("a", "e" + i, t(8 * i), 1), w(i));
			run.checkpoint();
		}
		// watermark 32 s, session [0, 42) still live
		run.processor.process(event(PIPELINE, "a", "e0", "retry-e0", t(0), 1L), w(6));
		run.checkpoint();
		run.restart(w(7));
		run.processor.process(event(PIPELINE, "a", "e1", "retry-e1", t(8), 1L), w(8));
		run.finish(w(9));

		assertThat(run.store.late).isEmpty();
		assertThat(run.store.results.values()).singleElement().satisfies((r) -> {
			assertThat(r.windowStart()).isEqualTo(t(0));
			assertThat(r.windowEnd()).isEqualTo(t(42));
			assertThat(r.counts()).isEqualTo(new Counts(5, 0, 2));
		});
		run.assertEverythingIsGoneAfterThePurge();
	}

	@Test
	void eventsExactlyAGapApartShareASessionAndOneMillisecondMoreSplitsIt() {
		ProcessorHarness run = run(sessions(10_000, 0, 0, null));
		run.processor.process(event("a", "e1", t(0), 1), w(0));
		run.processor.process(event("a", "e2", t(10), 1), w(0));
		run.processor.process(event("a", "e3", t(20.001), 1), w(0));
		run.finish(w(1));

		assertThat(run.store.of("a").values()).extracting(WindowResult::windowStart, WindowResult::windowEnd)
			.containsExactly(tuple(t(0), t(20)), tuple(t(20.001), t(30.001)));
	}

	// --- random runs ----------------------------------------------------------------------------------------

	private static final long GAP = 300;

	private static final long LATENESS = 1_000;

	private static final long OUT_OF_ORDERNESS = 500;

	private static final List<String> KEYS = List.of("a", "b", "c|d", "ключ");

	/**
	 * Events in arrival order: originals trailing a moving clock by up to {@code maxDisorder} (with
	 * pauses, so sessions end), broker redeliveries and client retries of recent events.
	 */
	private static List<KeyedEvent> generate(Random random, int n, long maxDisorder) {
		List<KeyedEvent> events = new ArrayList<>();
		long clock = Fixtures.T0.toEpochMilli();
		int originals = 0;
		while (events.size() < n) {
			double pick = random.nextDouble();
			if (pick < 0.04 && !events.isEmpty()) {
				events.add(events.get(events.size() - 1 - random.nextInt(Math.min(10, events.size()))));
			}
			else if (pick < 0.08 && !events.isEmpty()) {
				KeyedEvent original = events.get(events.size() - 1 - random.nextInt(Math.min(10, events.size())));
				events.add(new KeyedEvent(PIPELINE, original.key(), original.eventId(), "retry-" + events.size(),
						original.eventTime(), Map.of("v", 999_999L)));
			}
			else {
				clock += (random.nextInt(40) == 0) ? random.nextInt(500, 1500) : random.nextInt(0, 120);
				long eventTime = clock - random.nextLong(0, maxDisorder + 1);
				String id = "e" + originals++;
				events.add(new KeyedEvent(PIPELINE, KEYS.get(random.nextInt(KEYS.size())), id, "ing-" + id,
						Instant.ofEpochMilli(eventTime), Map.of("v", random.nextLong(-1000, 1000))));
			}
		}
		return events;
	}

	/** One session of the reference: its events' values and the duplicates it counted. */
	record Session(long start, long end, long count, long sum, long min, long max, long duplicates) {
	}

	/**
	 * The sessions from the event list alone, for input without late events: each key's counted events
	 * (the first acceptance of each id) sorted by time and split where the next event is more than
	 * {@code gap} after the previous one (exactly {@code gap} apart, [t, t+gap) and [t+gap, ...) touch
	 * and merge). A retry counts as a duplicate when its session is still live at its arrival: the
	 * watermark (largest earlier event time minus the out-of-orderness) is before the session's end
	 * plus the allowed lateness.
	 */
	static Map<String, List<Session>> reference(List<KeyedEvent> events) {
		Map<String, KeyedEvent> counted = new HashMap<>();
		Map<String, List<KeyedEvent>> byKey = new HashMap<>();
		for (KeyedEvent event : events) {
			if (counted.putIfAbsent(event.eventId(), event) == null) {
				byKey.computeIfAbsent(event.key(), (k) -> new ArrayList<>()).add(event);
			}
		}
		Map<String, List<long[]>> bounds = new HashMap<>();
		Map<String, List<Session>> sessions = new HashMap<>();
		byKey.forEach((key, list) -> {
			list.sort((x, y) -> x.eventTime().compareTo(y.eventTime()));
			List<long[]> parts = new ArrayList<>();
			long[] current = null;
			for (KeyedEvent event : list) {
				long t = event.eventTime().toEpochMilli();
				long v = (Long) event.values().get("v");
				if (current == null || t > current[1]) {
					// start, end, count, sum, min, max, duplicates
					current = new long[] { t, t + GAP, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0 };
					parts.add(current);
				}
				current[1] = t + GAP;
				current[2]++;
				current[3] += v;
				current[4] = Math.min(current[4], v);
				current[5] = Math.max(current[5], v);
			}
			bounds.put(key, parts);
		});
		long watermark = Long.MIN_VALUE;
		Map<String, String> ingestIds = new HashMap<>();
		for (KeyedEvent event : events) {
			KeyedEvent original = counted.get(event.eventId());
			if (original != event && !event.ingestId().equals(original.ingestId())
					&& ingestIds.putIfAbsent(event.ingestId(), event.eventId()) == null) {
				long t = original.eventTime().toEpochMilli();
				for (long[] part : bounds.get(original.key())) {
					if (part[0] <= t && t < part[1] && part[1] + LATENESS > watermark) {
						part[6]++;
					}
				}
			}
			watermark = Math.max(watermark, event.eventTime().toEpochMilli() - OUT_OF_ORDERNESS);
		}
		bounds.forEach((key, parts) -> sessions.put(key,
				parts.stream().map((p) -> new Session(p[0], p[1], p[2], p[3], p[4], p[5], p[6])).toList()));
		return sessions;
	}

	private static void assertStoreHoldsTheReference(ProcessorHarness.Store store, Map<String, List<Session>> reference) {
		assertThat(store.results.keySet()).extracting(ResultKey::key).containsOnlyElementsOf(reference.keySet());
		reference.forEach((key, sessions) -> {
			TreeMap<Long, WindowResult> stored = store.of(key);
			assertThat(stored.keySet()).as(key).containsExactlyElementsOf(sessions.stream().map(Session::start).toList());
			for (Session session : sessions) {
				WindowResult r = stored.get(session.start());
				String what = key + " " + session;
				assertThat(r.windowEnd().toEpochMilli()).as(what).isEqualTo(session.end());
				assertThat(r.isFinal()).as(what).isTrue();
				assertThat(r.counts()).as(what).isEqualTo(new Counts(session.count(), 0, session.duplicates()));
				assertThat(r.metrics().get("n")).as(what).isEqualTo(session.count());
				assertThat(r.metrics().get("total")).as(what).isEqualTo(session.sum());
				assertThat(r.metrics().get("lo")).as(what).isEqualTo((double) session.min());
				assertThat(r.metrics().get("hi")).as(what).isEqualTo((double) session.max());
			}
		});
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
	void withDisorderWithinTheOutOfOrdernessFinalSessionsEqualTheBruteForceReference(long seed) {
		Random random = new Random(seed);
		List<KeyedEvent> events = generate(random, 2000, OUT_OF_ORDERNESS - 100);
		// interim results for odd seeds: open sessions emit, then merge, so their starts are retracted
		ProcessorHarness run = run(sessions(GAP, LATENESS, OUT_OF_ORDERNESS, seed % 2 == 1 ? Duration.ofMillis(20) : null));
		run.feed(random, events, 10, 25);

		Map<String, List<Session>> reference = reference(events);
		assertThat(reference.values().stream().mapToInt(List::size).sum()).isGreaterThan(100);
		assertStoreHoldsTheReference(run.store, reference);
		// only repeated ids can be late: a retry or redelivery after its session was purged
		Map<String, Integer> arrivals = new HashMap<>();
		events.forEach((e) -> arrivals.merge(e.eventId(), 1, Integer::sum));
		assertThat(run.store.late).allSatisfy((late) -> assertThat(arrivals.get(late.eventId())).isGreaterThan(1));
		if (seed % 2 == 1) {
			assertThat(run.store.retractions).isNotEmpty();
		}
		run.assertEverythingIsGoneAfterThePurge();
	}

	@ParameterizedTest
	@ValueSource(longs = { 21, 22, 23, 24, 25, 26 })
	void restoringFromAnyCheckpointContinuesExactlyAsWithoutARestart(long seed) {
		Random random = new Random(seed);
		// disorder beyond the out-of-orderness: late merges of fired sessions and late events too
		List<KeyedEvent> events = generate(random, 2000, 2_500);
		PipelineDefinition definition = sessions(GAP, LATENESS, OUT_OF_ORDERNESS,
				seed % 2 == 1 ? Duration.ofMillis(20) : null);
		ProcessorHarness straight = run(definition);
		ProcessorHarness restarted = run(definition);
		int restarts = ProcessorHarness.feedWithRestarts(random, events, straight, restarted);

		assertThat(restarts).isGreaterThan(5);
		assertThat(straight.store.late).isNotEmpty();
		assertThat(straight.store.retractions).isNotEmpty();
		assertThat(restarted.store.outboxes).hasSameSizeAs(straight.store.outboxes);
		for (int i = 0; i < straight.store.outboxes.size(); i++) {
			ResultBatch expected = straight.store.outboxes.get(i);
			ResultBatch actual = restarted.store.outboxes.get(i);
			assertThat(actual.results()).as("results of checkpoint " + i)
				.containsExactlyInAnyOrderElementsOf(expected.results());
			assertThat(actual.retractions()).as("retractions of checkpoint " + i)
				.containsExactlyInAnyOrderElementsOf(expected.retractions());
		}
		assertThat(restarted.store.late).containsExactlyInAnyOrderElementsOf(straight.store.late);
		assertThat(restarted.store.results).isEqualTo(straight.store.results);
		assertThat(restarted.redis.meta).isEqualTo(straight.redis.meta);
		restarted.assertEverythingIsGoneAfterThePurge();
	}

	private static org.assertj.core.groups.Tuple tuple(Object... values) {
		return org.assertj.core.groups.Tuple.tuple(values);
	}

}
