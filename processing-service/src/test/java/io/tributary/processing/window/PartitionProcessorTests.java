package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Counts;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.contract.aggregate.AggregateFunction;
import io.tributary.contract.aggregate.AggregateFunctions;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WindowSpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.event;
import static io.tributary.processing.window.Fixtures.pipeline;
import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.views;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Scenarios with hand-computed expectations. Unless a test says otherwise: 10s windows, 5s allowed
 * lateness, 2s max out-of-orderness, 10s idle timeout, final results only.
 */
class PartitionProcessorTests {

	private PartitionProcessor processor = new PartitionProcessor(3, List.of(views()));

	private final Fixtures.FakeRedis redis = new Fixtures.FakeRedis();

	private static Map<String, @Nullable Object> metrics(long n, @Nullable Object total, @Nullable Double lo,
			@Nullable Double hi, @Nullable Double mean) {
		Map<String, @Nullable Object> metrics = new LinkedHashMap<>();
		metrics.put("n", n);
		metrics.put("total", total);
		metrics.put("lo", lo);
		metrics.put("hi", hi);
		metrics.put("mean", mean);
		return metrics;
	}

	private static WindowResult result(String key, double start, boolean isFinal, long revision,
			Map<String, @Nullable Object> metrics, long duplicates) {
		return new WindowResult("views", key, t(start), t(start + 10), isFinal, revision, metrics,
				new Counts((Long) metrics.get("n"), 0, duplicates));
	}

	private Checkpoint checkpoint() {
		Checkpoint checkpoint = this.processor.checkpoint();
		this.redis.apply(checkpoint);
		return checkpoint;
	}

	/** The results of the next checkpoint, without their mergeable state (compared by what they say). */
	private List<WindowResult> emitted() {
		return checkpoint().outbox().results().stream().map(WindowResult::withoutState).toList();
	}

	private void process(KeyedEvent event, Instant now) {
		this.processor.process(event, now);
	}

	// --- windows and watermark --------------------------------------------------------------------------

	@Test
	void eventsAtTheStartAndOneMillisecondBeforeTheEndShareAWindowAndAnEventAtTheEndStartsTheNext() {
		process(event("k", "e1", t(0), 1), w(0));
		process(event("k", "e2", t(9.999), 2), w(0));
		process(event("k", "e3", t(10), 4), w(0));
		assertThat(emitted()).as("watermark 8s: nothing fired").isEmpty();

		process(event("k", "e4", t(12), 8), w(0));

		assertThat(emitted()).containsExactly(result("k", 0, true, 1, metrics(2, 3L, 1.0, 2.0, 1.5), 0));
		Fixtures.advanceQuiet(this.processor, w(60));
		assertThat(emitted()).containsExactly(result("k", 10, true, 1, metrics(2, 12L, 4.0, 8.0, 6.0), 0));
	}

	@Test
	void theWatermarkTrailsTheLargestEventTimeByTheMaxOutOfOrderness() {
		assertThat(this.processor.watermarks()).isEmpty();
		process(event("k", "e1", t(11), 1), w(0));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(9)));
		process(event("k", "e2", t(4), 1), w(0));
		assertThat(this.processor.watermarks()).as("an older event does not move it back")
			.containsExactly(Map.entry("views", t(9)));
		process(event("k", "e3", t(11.5), 1), w(0));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(9.5)));
	}

	@Test
	void firesAWindowWhenTheWatermarkReachesItsEnd() {
		process(event("k", "e1", t(5), 1), w(0));
		process(event("k", "e2", t(11.999), 1), w(0));
		assertThat(emitted()).isEmpty();
		process(event("other", "e3", t(12), 1), w(0));
		assertThat(emitted()).containsExactly(result("k", 0, true, 1, metrics(1, 1L, 1.0, 1.0, 1.0), 0));
	}

	@Test
	void aHoppingWindowCountsAnEventInEveryWindowItFallsIn() {
		PipelineDefinition tumbling = views();
		PipelineDefinition hopping = new PipelineDefinition("views", tumbling.source(), null, List.of(), tumbling.keyBy(),
				new WindowSpec(WindowSpec.Type.HOPPING, Duration.ofSeconds(10), Duration.ofSeconds(5), null,
						Duration.ofSeconds(5)),
				tumbling.watermark(), tumbling.aggregates(), tumbling.emit(), tumbling.retention());
		this.processor = new PartitionProcessor(3, List.of(hopping));
		process(event("k", "e1", t(1), 1), w(0));
		process(event("k", "e2", t(7), 2), w(0));
		process(event("k", "e3", t(12), 4), w(0));
		// e2 again under another acceptance: a duplicate in both its windows
		process(Fixtures.event("views", "k", "e2", "e2-retry", t(7), 2L), w(0));
		process(event("k", "e4", t(30), 8), w(0));

		// watermark 28: [-5, 5) {e1}, [0, 10) {e1, e2}, [5, 15) {e2, e3}, [10, 20) {e3} fired; [0, 10) had
		// fired already (watermark 10) when the duplicate came: a second revision counts it
		assertThat(emitted()).containsExactly(
				new WindowResult("views", "k", t(-5), t(5), true, 1, metrics(1, 1L, 1.0, 1.0, 1.0), new Counts(1, 0, 0)),
				new WindowResult("views", "k", t(0), t(10), true, 1, metrics(2, 3L, 1.0, 2.0, 1.5), new Counts(2, 0, 0)),
				new WindowResult("views", "k", t(5), t(15), true, 1, metrics(2, 6L, 2.0, 4.0, 3.0), new Counts(2, 0, 1)),
				new WindowResult("views", "k", t(10), t(20), true, 1, metrics(1, 4L, 4.0, 4.0, 4.0), new Counts(1, 0, 0)),
				new WindowResult("views", "k", t(0), t(10), true, 2, metrics(2, 3L, 1.0, 2.0, 1.5), new Counts(2, 0, 1)));

		// an event at 4 s: [-5, 5) is purged (end + lateness = 10 <= 28), so is [0, 10): late in both
		process(event("k", "e5", t(4), 16), w(1));
		Checkpoint late = checkpoint();
		assertThat(late.outbox().late()).extracting((l) -> l.windowStart()).containsExactly(t(-5), t(0));
	}

	@Test
	void everyResultCarriesItsAccumulatorsSoThatWindowsRollUp() {
		process(event("k", "e1", t(1), 1), w(0));
		process(event("k", "e2", t(2), 2), w(0));
		process(event("k", "e3", t(11), 10), w(0));
		process(event("k", "e4", t(25), 0), w(0));
		// as storage and query get them: through the wire format
		List<WindowResult> results = checkpoint().outbox()
			.results()
			.stream()
			.map((r) -> WireFormat.read(WireFormat.write(r), WindowResult.class))
			.toList();
		assertThat(results).hasSize(2);

		// merging the two windows' state is the aggregate over events 1, 2 and 10
		Map<String, Object> merged = new LinkedHashMap<>();
		for (AggregateSpec spec : Fixtures.views().aggregates()) {
			merged.put(spec.name(), rollUp(AggregateFunctions.of(spec), spec.name(), results));
		}
		assertThat(merged).isEqualTo(metrics(3, 13L, 1.0, 10.0, 13.0 / 3));
	}

	private static <A> @Nullable Object rollUp(AggregateFunction<A> function, String metric, List<WindowResult> windows) {
		A total = function.createAccumulator();
		for (WindowResult w : windows) {
			total = function.merge(total, function.fromSerialForm(w.state().get(metric)));
		}
		return function.result(total);
	}

	@Test
	void anIdlePipelineAdvancesWithTheWallClockFromWhereTheDataLeftIt() {
		process(event("k", "e1", t(5), 1), w(0));
		Fixtures.advanceQuiet(this.processor, w(9.999));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(3)));
		assertThat(emitted()).isEmpty();

		Fixtures.advanceQuiet(this.processor, w(10));

		// 5s - 2s + 10s idle
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(13)));
		assertThat(emitted()).containsExactly(result("k", 0, true, 1, metrics(1, 1L, 1.0, 1.0, 1.0), 0));

		// an event after the quiet spell (vouched for until its arrival) is judged against the idle
		// watermark (5 - 2 + 10.5 = 13.5)
		Fixtures.vouch(this.processor, w(10.5));
		process(event("k", "e2", t(6), 2), w(10.5));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(13.5)));
		assertThat(emitted()).containsExactly(result("k", 0, true, 2, metrics(2, 3L, 1.0, 2.0, 1.5), 0));

		// data left it at max 6s: 6 - 2 + 10 idle = 14s, which is ahead of 13.5, so it moves
		Fixtures.advanceQuiet(this.processor, w(20.499));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(13.5)));
		Fixtures.advanceQuiet(this.processor, w(20.5));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(14)));
	}

	@Test
	void whileInputIsStalledTheIdleClockWaitsSoABacklogIsNotTurnedLate() {
		process(event("k", "e1", t(5), 1), w(0));
		// the consumer is held up from 2s to 25s (another partition waits for its lease)
		for (double now = 2; now <= 25; now += 0.2) {
			this.processor.inputStalled(w(now));
		}
		Fixtures.advanceQuiet(this.processor, w(25));
		assertThat(this.processor.watermarks()).as("not idle: the idle clock counts from the stall's end")
			.containsExactly(Map.entry("views", t(3)));

		// the backlog arrives and is on time: 5 - 2 = 3 is the watermark
		process(event("k", "e2", t(4), 2), w(25.1));
		Fixtures.advanceQuiet(this.processor, w(35));
		assertThat(emitted()).isEmpty();
		// 10s after the backlog's arrival the pipeline is idle: 5 - 2 + 10 = 13
		Fixtures.advanceQuiet(this.processor, w(35.1));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(13)));
		assertThat(emitted()).containsExactly(result("k", 0, true, 1, metrics(2, 3L, 1.0, 2.0, 1.5), 0));
	}

	@Test
	void theWatermarkNeverGoesBackwardsAcrossARestart() {
		process(event("k", "e1", t(5), 1), w(0));
		Fixtures.advanceQuiet(this.processor, w(30));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(33)));
		checkpoint();

		this.processor = PartitionProcessor.restore(3, List.of(views()), this.redis.snapshot(), w(31));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(33)));
		Fixtures.advanceQuiet(this.processor, w(40));
		assertThat(this.processor.watermarks()).as("idle clock restarts at the restore time")
			.containsExactly(Map.entry("views", t(33)));
		Fixtures.advanceQuiet(this.processor, w(41));
		// lastArrival = restore time: 5 - 2 + (41 - 31)
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(33)));
		Fixtures.advanceQuiet(this.processor, w(61));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(33)));
		Fixtures.advanceQuiet(this.processor, w(62));
		assertThat(this.processor.watermarks()).containsExactly(Map.entry("views", t(34)));
	}

	// --- allowed lateness, late events, purge -------------------------------------------------------------

	@Test
	void eventsWithinAllowedLatenessProduceNewFinalRevisions() {
		process(event("k", "e1", t(1), 1), w(0));
		process(event("k", "e2", t(12), 2), w(0));
		assertThat(emitted()).containsExactly(result("k", 0, true, 1, metrics(1, 1L, 1.0, 1.0, 1.0), 0));

		process(event("k", "e3", t(3), 10), w(1));
		assertThat(emitted()).containsExactly(result("k", 0, true, 2, metrics(2, 11L, 1.0, 10.0, 5.5), 0));

		// late events of one batch make one revision
		process(event("k", "e4", t(4), 20), w(2));
		process(event("k", "e5", t(5), 30), w(2));
		Fixtures.advanceQuiet(this.processor, w(2));
		assertThat(emitted()).containsExactly(result("k", 0, true, 3, metrics(4, 61L, 1.0, 30.0, 15.25), 0));
	}

	@Test
	void anEventForAFiredWindowWithoutStateStartsItAtRevisionOne() {
		process(event("k", "e1", t(12), 1), w(0));
		process(event("new", "e2", t(8), 7), w(0));
		Fixtures.advanceQuiet(this.processor, w(0));
		assertThat(emitted()).containsExactly(result("new", 0, true, 1, metrics(1, 7L, 7.0, 7.0, 7.0), 0));
	}

	@Test
	void eventsPastAllowedLatenessAreRecordedAsLateAndNotCounted() {
		process(event("k", "e1", t(1), 1), w(0));
		process(event("k", "e2", t(12), 2), w(0));
		checkpoint();
		process(event("k", "e3", t(17), 3), w(0));
		Checkpoint purging = checkpoint();
		assertThat(purging.windowDeletes()).hasSize(1);
		assertThat(this.processor.stats().windows()).isEqualTo(1);

		process(event("k", "e4", t(6), 4), w(1));
		process(event("k", "e5", t(9.999), 5), w(1));

		Checkpoint checkpoint = checkpoint();
		assertThat(checkpoint.outbox().results()).isEmpty();
		assertThat(checkpoint.outbox().late()).containsExactly(
				new LateEventRecord("views", "k", t(0), t(10), "e4", t(6), t(15), Map.of("v", 4L)),
				new LateEventRecord("views", "k", t(0), t(10), "e5", t(9.999), t(15), Map.of("v", 5L)));
		assertThat(this.processor.stats().lateEvents()).isEqualTo(2);
		// the window that is still open did not take them either
		Fixtures.advanceQuiet(this.processor, w(60));
		assertThat(emitted()).containsExactly(result("k", 10, true, 1, metrics(2, 5L, 2.0, 3.0, 2.5), 0));
	}

	@Test
	void anEventIsLateExactlyWhenTheWatermarkReachesEndPlusAllowedLateness() {
		process(event("k", "e1", t(16.999), 1), w(0));
		process(event("k", "e2", t(0), 1), w(0));
		assertThat(checkpoint().outbox().late()).isEmpty();
		process(event("k", "e3", t(17), 1), w(0));
		process(event("k", "e4", t(0), 1), w(0));
		assertThat(checkpoint().outbox().late()).extracting(LateEventRecord::eventId).containsExactly("e4");
	}

	@Test
	void aPurgedWindowIsDeletedAndItsEventIdsTwoCheckpointsLater() {
		process(event("k", "e1", t(1), 1), w(0));
		process(event("k", "e2", t(2), 1), w(0));
		checkpoint();
		assertThat(this.redis.windows).hasSize(1);
		assertThat(this.redis.dedup.get("views")).containsOnlyKeys("e1", "e2");

		process(event("k", "e3", t(17), 1), w(0));
		Checkpoint purging = checkpoint();
		assertThat(purging.outbox().results()).hasSize(1);
		assertThat(purging.windowDeletes()).hasSize(1);
		assertThat(purging.dedupDeletes()).isEmpty();
		assertThat(this.redis.dedup.get("views")).containsOnlyKeys("e1", "e2", "e3");

		Checkpoint next = checkpoint();
		assertThat(next.dedupDeletes()).isEqualTo(Map.of("views", Set.of("e1", "e2")));
		assertThat(this.redis.dedup.get("views")).containsOnlyKeys("e3");
		assertThat(this.processor.stats().dedupEntries()).isEqualTo(1);
		assertThat(checkpoint().isEmpty()).isTrue();
	}

	@Test
	void theIdsOfAPurgedWindowAreDeletedOverSeveralCheckpointsEachCarryingFewOfThem() {
		int ids = 5_000;
		for (int i = 0; i < ids; i++) {
			process(event("k", "e" + i, t(1), 1), w(0));
		}
		checkpoint();
		process(event("k", "later", t(17), 1), w(0));
		assertThat(checkpoint().dedupDeletes()).isEmpty();

		Set<String> deleted = new HashSet<>();
		List<Integer> perCheckpoint = new ArrayList<>();
		for (int c = 0; c < 10; c++) {
			Set<String> deletes = checkpoint().dedupDeletes().getOrDefault("views", Set.of());
			perCheckpoint.add(deletes.size());
			assertThat(deletes).as("deleted once").noneMatch(deleted::contains);
			deleted.addAll(deletes);
		}

		// 2,000 (5,000 / 16 is less), 2,000, then the last 1,000: never all 5,000 in one script
		assertThat(perCheckpoint).startsWith(2_000, 2_000, 1_000).containsOnly(2_000, 1_000, 0);
		assertThat(deleted).hasSize(ids).allSatisfy((id) -> assertThat(id).startsWith("e"));
		assertThat(this.redis.dedup.get("views")).containsOnlyKeys("later");
		assertThat(this.processor.stats().dedupEntries()).isEqualTo(1);
	}

	@Test
	void aBacklogOfExpiredIdsIsDeletedASixteenthAtATimeWhenThatIsMoreThanTheMinimum() {
		assertThat(SeenIds.deletesDue(1_500)).isEqualTo(1_500);
		assertThat(SeenIds.deletesDue(20_000)).isEqualTo(2_000);
		assertThat(SeenIds.deletesDue(160_000)).isEqualTo(10_000);
	}

	@Test
	void afterARestartIdsOfPurgedWindowsAreKeptForTheRedeliveryGrace() {
		process(event("k", "e1", t(1), 1), w(0));
		checkpoint();
		this.processor = PartitionProcessor.restore(3, List.of(views()), this.redis.snapshot(), w(1),
				Duration.ofSeconds(30));
		process(event("k", "e2", t(17), 1), w(2));
		for (int i = 0; i < 5; i++) {
			assertThat(checkpoint().dedupDeletes()).isEmpty();
		}
		// input unacknowledged at the crash comes again after its window was purged: still recognised
		process(event("k", "e1", t(1), 1), w(3));
		assertThat(checkpoint().outbox().late()).isEmpty();
		assertThat(this.processor.stats().redeliveries()).isEqualTo(1);

		// after the grace: the held ids go with the next checkpoint, later purges one checkpoint late
		Fixtures.advanceQuiet(this.processor, w(31));
		assertThat(checkpoint().dedupDeletes()).isEqualTo(Map.of("views", Set.of("e1")));
		assertThat(checkpoint().dedupDeletes()).isEqualTo(Map.of("views", Set.of("e2")));
	}

	@Test
	void expectingRedeliveriesHoldsIdsWithoutARestart() {
		process(event("k", "e1", t(1), 1), w(0));
		this.processor.expectRedeliveries(w(0));
		process(event("k", "e2", t(17), 1), w(1));
		checkpoint();
		checkpoint();
		checkpoint();
		process(event("k", "e1", t(1), 1), w(2));
		assertThat(checkpoint().outbox().late()).isEmpty();
		Fixtures.advanceQuiet(this.processor, w(61));
		assertThat(checkpoint().dedupDeletes()).isEqualTo(Map.of("views", Set.of("e1")));
	}

	// --- duplicates -------------------------------------------------------------------------------------

	@Test
	void aRedeliveryChangesNothingAndARetryCountsAsADuplicateOfTheOriginalWindow() {
		process(event("views", "k", "e1", "a", t(1), 5L), w(0));
		process(event("views", "k", "e1", "a", t(1), 5L), w(0));
		// a client retry (new ingest id), even with other content, is not counted again
		process(event("views", "k", "e1", "b", t(2), 100L), w(0));
		process(event("k", "e2", t(12), 1), w(0));

		assertThat(emitted()).containsExactly(result("k", 0, true, 1, metrics(1, 5L, 5.0, 5.0, 5.0), 1));
		assertThat(this.processor.stats()).extracting(PartitionStats::redeliveries, PartitionStats::duplicates,
				PartitionStats::eventsAccepted)
			.containsExactly(1L, 1L, 2L);

		// a duplicate within allowed lateness is a change of the fired window
		process(event("views", "k", "e1", "c", t(1), 5L), w(1));
		Fixtures.advanceQuiet(this.processor, w(1));
		assertThat(emitted()).containsExactly(result("k", 0, true, 2, metrics(1, 5L, 5.0, 5.0, 5.0), 2));
		// and redeliveries, of the original or of a retry, still change nothing
		process(event("views", "k", "e1", "a", t(1), 5L), w(1));
		process(event("views", "k", "e1", "b", t(2), 100L), w(1));
		process(event("views", "k", "e1", "c", t(1), 5L), w(1));
		Fixtures.advanceQuiet(this.processor, w(1));
		assertThat(emitted()).isEmpty();
	}

	@Test
	void redeliveriesAndDuplicatesAreRecognisedAfterARestart() {
		process(event("views", "k", "e1", "a", t(1), 5L), w(0));
		checkpoint();
		this.processor = PartitionProcessor.restore(3, List.of(views()), this.redis.snapshot(), w(1));
		process(event("views", "k", "e1", "a", t(1), 5L), w(1));
		process(event("views", "k", "e1", "b", t(1), 5L), w(1));
		checkpoint();
		this.processor = PartitionProcessor.restore(3, List.of(views()), this.redis.snapshot(), w(2));
		process(event("views", "k", "e1", "b", t(1), 5L), w(2));
		process(event("k", "e2", t(12), 1), w(2));
		assertThat(emitted()).containsExactly(result("k", 0, true, 1, metrics(1, 5L, 5.0, 5.0, 5.0), 1));
	}

	@Test
	void anIdWhoseWindowWasPurgedIsNoLongerADuplicate() {
		process(event("views", "k", "e1", "a", t(1), 5L), w(0));
		process(event("k", "e2", t(17), 1), w(0));
		// same id, new acceptance, after the window is gone: late, not silently dropped
		process(event("views", "k", "e1", "b", t(1), 5L), w(0));
		// same id in an open window: counted (the id was forgotten with its window)
		process(event("views", "k", "e1", "c", t(18), 5L), w(0));
		Checkpoint checkpoint = checkpoint();
		assertThat(checkpoint.outbox().late()).extracting(LateEventRecord::eventId).containsExactly("e1");
		Fixtures.advanceQuiet(this.processor, w(60));
		assertThat(emitted()).containsExactly(result("k", 10, true, 1, metrics(2, 6L, 1.0, 5.0, 3.0), 0));
	}

	// --- emission ---------------------------------------------------------------------------------------

	@Test
	void emitEveryEmitsChangedOpenWindowsAtMostThatOften() {
		this.processor = new PartitionProcessor(0, List.of(pipeline("views", Duration.ofSeconds(10), Duration.ZERO,
				Duration.ZERO, Duration.ofHours(1), Duration.ofSeconds(1), true)));
		process(event("k", "e1", t(1), 1), w(0));
		Fixtures.advanceQuiet(this.processor, w(0));
		assertThat(emitted()).containsExactly(result("k", 0, false, 1, metrics(1, 1L, 1.0, 1.0, 1.0), 0));

		process(event("k", "e2", t(2), 2), w(0.5));
		Fixtures.advanceQuiet(this.processor, w(0.5));
		assertThat(emitted()).isEmpty();
		Fixtures.advanceQuiet(this.processor, w(1));
		assertThat(emitted()).containsExactly(result("k", 0, false, 2, metrics(2, 3L, 1.0, 2.0, 1.5), 0));
		Fixtures.advanceQuiet(this.processor, w(2));
		assertThat(emitted()).as("unchanged windows are not emitted").isEmpty();

		process(event("k", "e3", t(3), 3), w(5));
		Fixtures.advanceQuiet(this.processor, w(5));
		assertThat(emitted()).containsExactly(result("k", 0, false, 3, metrics(3, 6L, 1.0, 3.0, 2.0), 0));

		process(event("k", "e4", t(10), 4), w(5.1));
		Fixtures.advanceQuiet(this.processor, w(5.1));
		assertThat(emitted()).containsExactly(result("k", 0, true, 4, metrics(3, 6L, 1.0, 3.0, 2.0), 0));
		Fixtures.advanceQuiet(this.processor, w(5.2));
		assertThat(emitted()).isEmpty();
		Fixtures.advanceQuiet(this.processor, w(6));
		assertThat(emitted()).containsExactly(result("k", 10, false, 1, metrics(1, 4L, 4.0, 4.0, 4.0), 0));
	}

	@Test
	void withoutFinalResultsAFiringWindowFlushesOnlyItsUnemittedChanges() {
		this.processor = new PartitionProcessor(0, List.of(pipeline("views", Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ZERO, Duration.ofHours(1), Duration.ofSeconds(1), false)));
		process(event("k", "e1", t(1), 1), w(0));
		Fixtures.advanceQuiet(this.processor, w(0));
		assertThat(emitted()).containsExactly(result("k", 0, false, 1, metrics(1, 1L, 1.0, 1.0, 1.0), 0));
		process(event("other", "e2", t(10), 1), w(0.1));
		Fixtures.advanceQuiet(this.processor, w(0.2));
		assertThat(emitted()).as("fired without a change since the last emission").isEmpty();

		process(event("k", "e3", t(2), 2), w(0.3));
		Fixtures.advanceQuiet(this.processor, w(0.4));
		assertThat(emitted()).isEmpty();
		Fixtures.advanceQuiet(this.processor, w(1));
		assertThat(emitted()).containsExactlyInAnyOrder(result("k", 0, false, 2, metrics(2, 3L, 1.0, 2.0, 1.5), 0),
				new WindowResult("views", "other", t(10), t(20), false, 1, metrics(1, 1L, 1.0, 1.0, 1.0),
						new Counts(1, 0, 0)));
	}

	@Test
	void revisionsContinueAfterARestart() {
		process(event("k", "e1", t(1), 1), w(0));
		process(event("k", "e2", t(12), 2), w(0));
		assertThat(emitted()).extracting(WindowResult::revision).containsExactly(1L);

		this.processor = PartitionProcessor.restore(3, List.of(views()), this.redis.snapshot(), w(1));
		process(event("k", "e3", t(3), 3), w(1));
		assertThat(emitted()).containsExactly(result("k", 0, true, 2, metrics(2, 4L, 1.0, 3.0, 2.0), 0));
	}

	// --- input that cannot be processed -----------------------------------------------------------------

	@Test
	void valuesThatAreNotNumbersAreCountedAsEventsButSkippedByNumericAggregations() {
		process(event("views", "k", "e1", "i1", t(1), "abc"), w(0));
		process(event("views", "k", "e2", "i2", t(2), 4L), w(0));
		process(event("k", "e3", t(12), 1), w(0));
		assertThat(emitted()).containsExactly(result("k", 0, true, 1, metrics(2, 4L, 4.0, 4.0, 4.0), 0));
		assertThat(this.processor.stats().invalidValues()).isEqualTo(4);
	}

	@Test
	void anEventOfAnUnknownPipelineOrAnUnusableTimeIsRejectedWithoutChangingAnything() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> process(event("nope", "k", "e1", "a", t(1), 1L), w(0)))
			.withMessageContaining("runs no pipeline 'nope'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> process(event("views", "k", "e1", "a", Instant.ofEpochMilli(Long.MAX_VALUE), 1L), w(0)))
			.withMessageContaining("out of the windowable range");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> process(new KeyedEvent("views", null, "e1", "a", t(1), Map.of()), w(0)))
			.withMessageContaining("without key");
		assertThat(checkpoint().isEmpty()).isTrue();
		assertThat(this.processor.watermarks()).isEmpty();
	}

	@Test
	void aPipelineThatCannotRunIsRejectedByName() {
		PipelineDefinition session = new PipelineDefinition("sessions", "s", null, List.of(),
				views().keyBy(), new WindowSpec(WindowSpec.Type.SESSION, null, null, null, Duration.ZERO),
				views().watermark(), views().aggregates(), views().emit(), Duration.ofDays(1));
		assertThatIllegalArgumentException().isThrownBy(() -> new PartitionProcessor(0, List.of(session)))
			.withMessage("pipeline 'sessions': a session window needs a gap");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PartitionProcessor(0, List.of(pipeline("silent", Duration.ofSeconds(1),
					Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), null, false))))
			.withMessageContaining("pipeline 'silent'");
		assertThatIllegalArgumentException().isThrownBy(() -> new PartitionProcessor(0, List.of(views(), views())))
			.withMessageContaining("given twice");
	}

	// --- checkpoint encoding ----------------------------------------------------------------------------

	@Test
	void keysAndPipelineNamesWithAnyCharactersSurviveACheckpoint() {
		List<String> keys = List.of("a|b", "1|views|0|10000|x", "", "ключ:{x}", "a", "a|", "|a", "5|views");
		PipelineDefinition other = pipeline("v|1", Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO,
				Duration.ofHours(1), null, true);
		this.processor = new PartitionProcessor(1, List.of(views(), other));
		int i = 0;
		for (String key : keys) {
			process(event("views", key, "id" + i, "in" + i, t(1), (long) i), w(0));
			process(event("v|1", key, "id" + i, "in" + i, t(1), (long) i), w(0));
			i++;
		}
		checkpoint();
		assertThat(this.redis.windows).hasSize(2 * keys.size());

		this.processor = PartitionProcessor.restore(1, List.of(views(), other), this.redis.snapshot(), w(1));
		// redeliveries: recognised per pipeline and key
		process(event("views", "a|b", "id0", "in0", t(1), 0L), w(1));
		Fixtures.advanceQuiet(this.processor, w(100_000));
		List<WindowResult> results = emitted();
		assertThat(results).hasSize(2 * keys.size());
		List<String> expected = new ArrayList<>();
		List<String> actual = new ArrayList<>();
		for (int k = 0; k < keys.size(); k++) {
			expected.add("views/" + keys.get(k) + "=" + k);
			expected.add("v|1/" + keys.get(k) + "=" + k);
		}
		for (WindowResult r : results) {
			actual.add(r.pipeline() + "/" + r.key() + "=" + r.metrics().get("total"));
			assertThat(r.counts()).isEqualTo(new Counts(1, 0, 0));
		}
		assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void aCorruptSnapshotFailsTheRestoreWithTheFieldNamed() {
		// stamped with the version that runs: corrupt, not a changed definition
		Fixtures.FakeRedis broken = new Fixtures.FakeRedis();
		broken.meta.put("version|views", "1");
		broken.windows.put("5|views|0|1|k", "{not json");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionProcessor.restore(2, List.of(views()), broken.snapshot(), w(0)))
			.withMessageStartingWith("partition 2: window state '5|views|0|1|k'");
		Fixtures.FakeRedis brokenDedup = new Fixtures.FakeRedis();
		brokenDedup.meta.put("version|views", "1");
		brokenDedup.dedup.put("views", Map.of("e1", "12|x"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionProcessor.restore(2, List.of(views()), brokenDedup.snapshot(), w(0)))
			.withMessageContaining("dedup entry 'e1' is malformed");
	}

	@Test
	void stateOfPipelinesNoLongerDeclaredIsIgnoredOnRestore() {
		process(event("k", "e1", t(1), 1), w(0));
		checkpoint();
		PipelineDefinition other = pipeline("other", Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO,
				Duration.ofHours(1), null, true);
		this.processor = PartitionProcessor.restore(3, List.of(other), this.redis.snapshot(), w(1));
		assertThat(this.processor.stats().windows()).isZero();
		assertThat(this.processor.watermarks()).isEmpty();
	}

}
