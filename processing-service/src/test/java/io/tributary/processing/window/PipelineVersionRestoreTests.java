package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.event;
import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * State written under one definition of a pipeline, restored under another: a new version never sees
 * the old version's state (no window of the old size beside the new ones, no restore that throws on
 * every attempt), a compatible change carries the state over. Expected results are hand-computed.
 */
class PipelineVersionRestoreTests {

	private final Fixtures.FakeRedis redis = new Fixtures.FakeRedis();

	private final List<WindowResult> published = new ArrayList<>();

	private PartitionProcessor processor;

	private static PipelineDefinition views(Duration size, AggregateSpec... aggregates) {
		return new PipelineDefinition("views", "s", null, List.of(), new Expression("k", "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, size, null, null, Duration.ZERO),
				new WatermarkSpec(Duration.ofSeconds(2), Duration.ofHours(1)), List.of(aggregates),
				EmitSpec.DEFAULT, Duration.ofDays(7));
	}

	private static AggregateSpec spec(String name, String function, String field) {
		return new AggregateSpec(name, function, field, List.of(), "t");
	}

	private static final AggregateSpec COUNT = new AggregateSpec("n", "count", null, List.of(), "t");

	private void checkpoint() {
		Checkpoint checkpoint = this.processor.checkpoint();
		this.redis.apply(checkpoint);
		this.published.addAll(checkpoint.outbox().results());
	}

	private void restore(PipelineDefinition definition, long version, Instant now) {
		this.processor = PartitionProcessor.restore(0, List.of(definition), Map.of("views", version),
				this.redis.snapshot(), now, Duration.ZERO);
	}

	private void process(double eventSeconds, long value, String id, Instant now) {
		this.processor.process(event("k", id, t(eventSeconds), value), now);
	}

	/** Windows of one key that were published, as [start, end) in seconds from T0. */
	private List<String> windows(List<WindowResult> results) {
		return results.stream()
			.map((r) -> "[" + (r.windowStart().toEpochMilli() - t(0).toEpochMilli()) / 1000 + ","
					+ (r.windowEnd().toEpochMilli() - t(0).toEpochMilli()) / 1000 + ")")
			.toList();
	}

	@Test
	void aNewWindowSizeStartsANewVersionWithoutTheOldWindows() {
		this.processor = new PartitionProcessor(0, List.of(views(Duration.ofSeconds(10), COUNT)), Duration.ZERO);
		process(1, 1, "a", w(0));
		process(12, 1, "b", w(0)); // watermark 10: [0,10) fires with one event, [10,20) stays open
		checkpoint();
		assertThat(windows(this.published)).containsExactly("[0,10)");
		this.published.clear();

		restore(views(Duration.ofSeconds(20), COUNT), 2, w(1));
		assertThat(this.processor.dropped()).containsOnlyKeys("views");
		// [10,20) is the one window left: [0,10) was purged as it fired (no allowed lateness)
		assertThat(this.processor.dropped().get("views")).contains("written by version 1", "runs version 2",
				"windows 1");
		process(13, 1, "c", w(2));
		process(25, 1, "d", w(2));
		process(45, 1, "e", w(2)); // watermark 43: [0,20) and [20,40) fire
		checkpoint();

		// reference: version 2 counts only what it saw, in 20s windows: c in [0,20), d in [20,40)
		assertThat(windows(this.published)).containsExactly("[0,20)", "[20,40)");
		assertThat(this.published).extracting((r) -> r.metrics().get("n")).containsExactly(1L, 1L);
		assertThat(this.published).allSatisfy((r) -> assertThat(r.revision())
			.as("a version 2 result outranks whatever version 1 stored at its start")
			.isEqualTo((1L << 32) + 1));
		assertThat(this.redis.windows.keySet()).as("no window of version 1 is left")
			.noneMatch((field) -> field.endsWith("|k") && field.split("\\|").length == 5
					&& Long.parseLong(field.split("\\|")[3]) - Long.parseLong(field.split("\\|")[2]) == 10_000);
		assertThat(this.redis.meta).containsEntry("version|views", "2");
		assertThat(this.redis.dedup.get("views")).as("ids counted by version 1 are gone")
			.doesNotContainKeys("a", "b")
			.containsKeys("c", "d", "e");
	}

	@Test
	void aFunctionChangedUnderTheSameNameStartsEmptyInsteadOfFailingEveryRestore() {
		this.processor = new PartitionProcessor(0,
				List.of(views(Duration.ofSeconds(10), COUNT, spec("total", "sum", "v"))), Duration.ZERO);
		process(1, 5, "a", w(0));
		checkpoint();
		PipelineDefinition changed = views(Duration.ofSeconds(10), COUNT, spec("total", "distinct", "v"));

		// with the version the start decided: the old state is not even read
		restore(changed, 2, w(1));
		assertThat(this.processor.dropped()).containsOnlyKeys("views");
		process(2, 7, "b", w(1));
		process(2.5, 7, "c", w(1));
		process(20, 1, "d", w(1));
		checkpoint();
		assertThat(this.published).filteredOn((r) -> r.windowStart().equals(t(0)))
			.singleElement()
			.satisfies((r) -> {
				assertThat(r.metrics()).containsEntry("n", 2L).containsEntry("total", 1L); // b and c, one value
			});
	}

	@Test
	void unstampedStateTheNewDefinitionCannotReadIsDroppedOnceNotRetriedForever() {
		this.processor = new PartitionProcessor(0,
				List.of(views(Duration.ofSeconds(10), COUNT, spec("total", "sum", "v"))), Duration.ZERO);
		process(1, 5, "a", w(0));
		checkpoint();
		// state as processing wrote it before pipeline versions existed
		this.redis.meta.remove("version|views");
		PipelineDefinition changed = views(Duration.ofSeconds(10), COUNT, new AggregateSpec("total", "top", "v", List.of(3.0), "t"));
		assertThatIllegalArgumentException().as("the old state really is unreadable under the new definition")
			.isThrownBy(() -> PartitionProcessor.restore(0, List.of(changed), Map.of("views", 1L),
					snapshotStampedWith("1"), w(1), Duration.ZERO));

		restore(changed, 1, w(1));
		assertThat(this.processor.dropped().get("views")).contains("cannot be read under the current definition");
		checkpoint();
		assertThat(this.redis.windows).isEmpty();
		assertThat(this.redis.meta).containsEntry("version|views", "1");
		restore(changed, 1, w(2));
		assertThat(this.processor.dropped()).as("the second restore finds nothing to drop").isEmpty();
	}

	private PartitionSnapshot snapshotStampedWith(String version) {
		Map<String, String> meta = new java.util.HashMap<>(this.redis.meta);
		meta.put("version|views", version);
		PartitionSnapshot s = this.redis.snapshot();
		return new PartitionSnapshot(s.windows(), s.dedupByPipeline(), meta);
	}

	@Test
	void anAddedMetricStartsEmptyWhileTheOthersCarryOver() {
		this.processor = new PartitionProcessor(0,
				List.of(views(Duration.ofSeconds(10), COUNT, spec("total", "sum", "v"))), Duration.ZERO);
		process(1, 5, "a", w(0));
		process(2, 7, "b", w(0));
		checkpoint();

		restore(views(Duration.ofSeconds(10), COUNT, spec("total", "sum", "v"), spec("hi", "max", "v")), 1, w(1));
		assertThat(this.processor.dropped()).isEmpty();
		process(3, 4, "c", w(1));
		process(20, 1, "d", w(1));
		checkpoint();

		// reference: n and total over a, b, c; hi only over c, the one event after it was added
		assertThat(this.published).filteredOn((r) -> r.windowStart().equals(t(0)))
			.singleElement()
			.satisfies((r) -> {
				assertThat(r.metrics()).containsEntry("n", 3L).containsEntry("hi", 4.0);
				assertThat(((Number) r.metrics().get("total")).doubleValue()).isEqualTo(16.0);
				assertThat(r.revision()).isEqualTo(1);
			});
	}

	@Test
	void aRemovedMetricIsDroppedAndTheOthersCarryOver() {
		this.processor = new PartitionProcessor(0,
				List.of(views(Duration.ofSeconds(10), COUNT, spec("total", "sum", "v"))), Duration.ZERO);
		process(1, 5, "a", w(0));
		checkpoint();
		restore(views(Duration.ofSeconds(10), COUNT), 1, w(1));
		process(2, 7, "b", w(1));
		process(20, 1, "c", w(1));
		checkpoint();
		assertThat(this.published).filteredOn((r) -> r.windowStart().equals(t(0)))
			.singleElement()
			.satisfies((r) -> assertThat(r.metrics()).containsOnlyKeys("n").containsEntry("n", 2L));
	}

}
