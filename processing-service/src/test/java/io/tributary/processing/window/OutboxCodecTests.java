package io.tributary.processing.window;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tributary.contract.ResultBatch;
import io.tributary.contract.StreamTime;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
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
 * A checkpoint's outbox names the window field for a result whose state the same checkpoint writes
 * there, and reads back, from the window states Redis then holds, exactly what the whole outbox
 * written as JSON reads back as (the reference: how outboxes were stored before).
 */
class OutboxCodecTests {

	/** 10s windows, 5s allowed lateness, 2s out-of-orderness; a count and two sketches; final results only. */
	private static PipelineDefinition sketches() {
		List<AggregateSpec> aggregates = List.of(new AggregateSpec("n", "count", null, List.of(), "t"),
				new AggregateSpec("users", "distinct", "v", List.of(), "t"),
				new AggregateSpec("p99", "quantile", "v", List.of(0.99), "t"));
		return new PipelineDefinition("views", "s", null, List.of(), new Expression("k", "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null, Duration.ofSeconds(5)),
				new WatermarkSpec(Duration.ofSeconds(2), Duration.ofSeconds(10)), aggregates, new EmitSpec(null, true),
				Duration.ofDays(7));
	}

	private final PartitionProcessor processor = new PartitionProcessor(1, List.of(sketches()));

	private final Fixtures.FakeRedis redis = new Fixtures.FakeRedis();

	/** 1,000 events of key {@code key} in [0, 10) with 1,000 distinct values: the sketches are full size. */
	private void fill(String key) {
		for (int i = 0; i < 1_000; i++) {
			this.processor.process(event(key, key + "-" + i, t(i / 100.0), 1_000L + i), w(0));
		}
	}

	/** Fills key "a"'s window [0, 10), checkpoints, and lets the stream's time pass the window's end. */
	private void fillAndPassTheEnd() {
		fill("a");
		this.processor.checkpoint();
		this.processor.streamTime(new StreamTime("s", t(12.5)), w(1));
	}

	private void unexpected(String problem) {
		throw new AssertionError("no window state should be missing: " + problem);
	}

	private static ResultBatch asWrittenWhole(ResultBatch outbox) {
		return WireFormat.read(WireFormat.writeString(outbox), ResultBatch.class);
	}

	@Test
	void aFiredWindowsResultNamesItsWindowAndReadsBackWithItsState() {
		fill("b");
		fillAndPassTheEnd();
		Checkpoint checkpoint = this.processor.checkpoint();
		this.redis.apply(checkpoint);

		ResultBatch outbox = checkpoint.outbox();
		assertThat(outbox.results()).hasSize(2).allMatch(WindowResult::isFinal);
		assertThat(checkpoint.statesInWindows()).hasSize(2);
		String written = OutboxCodec.encode(outbox, checkpoint.statesInWindows());
		String whole = WireFormat.writeString(outbox);
		String users = (String) outbox.results().get(0).state().get("users");
		assertThat(users).hasSizeGreaterThan(2_000);
		assertThat(whole).contains(users);
		assertThat(written).doesNotContain(users).hasSizeLessThan(whole.length() / 4);

		assertThat(OutboxCodec.decode(written, this.redis.windows, this::unexpected)).isEqualTo(asWrittenWhole(outbox));
	}

	@Test
	void aResultWhoseWindowChangedAgainBeforeTheCheckpointKeepsItsOwnState() {
		fillAndPassTheEnd();
		// late within the allowed lateness, in the same checkpoint interval: a second revision
		this.processor.process(event("a", "late", t(9), 1L), w(1.1));
		Checkpoint checkpoint = this.processor.checkpoint();
		this.redis.apply(checkpoint);

		ResultBatch outbox = checkpoint.outbox();
		assertThat(outbox.results()).hasSize(2);
		WindowResult first = outbox.results().get(0);
		WindowResult second = outbox.results().get(1);
		assertThat(second.revision()).isGreaterThan(first.revision());
		assertThat(first.state()).isNotEqualTo(second.state());
		assertThat(checkpoint.statesInWindows()).containsOnlyKeys(second);

		String written = OutboxCodec.encode(outbox, checkpoint.statesInWindows());
		assertThat(written).contains((String) first.state().get("p99"));
		assertThat(OutboxCodec.decode(written, this.redis.windows, this::unexpected)).isEqualTo(asWrittenWhole(outbox));
	}

	@Test
	void anOutboxCarriedOverFromAFailedPublishHoldsItsStatesItself() {
		fillAndPassTheEnd();
		Checkpoint fired = this.processor.checkpoint();
		this.redis.apply(fired);
		// its publish failed: the next checkpoint carries it, and the window changes meanwhile
		this.processor.process(event("a", "late", t(9), 1L), w(1.1));
		Checkpoint next = this.processor.checkpoint();
		ResultBatch carried = new ResultBatch(
				java.util.stream.Stream.concat(fired.outbox().results().stream(), next.outbox().results().stream())
					.toList(),
				List.of(), List.of());
		Checkpoint withCarried = next.withOutbox(carried);
		this.redis.apply(withCarried);

		assertThat(withCarried.statesInWindows()).containsOnlyKeys(next.outbox().results().get(0));
		String written = OutboxCodec.encode(carried, withCarried.statesInWindows());
		assertThat(OutboxCodec.decode(written, this.redis.windows, this::unexpected)).isEqualTo(asWrittenWhole(carried));
	}

	@Test
	void anOutboxWrittenWholeReadsAsBefore() {
		fillAndPassTheEnd();
		ResultBatch outbox = this.processor.checkpoint().outbox();

		assertThat(OutboxCodec.decode(WireFormat.writeString(outbox), Map.of(), this::unexpected)).isEqualTo(asWrittenWhole(outbox));
		assertThat(OutboxCodec.encode(outbox, Map.of())).isEqualTo(WireFormat.writeString(outbox));
	}

	@Test
	void aResultNamingAWindowStateThatIsNotThereIsReadWithoutStateSoThePartitionStillRestores() {
		fillAndPassTheEnd();
		Checkpoint checkpoint = this.processor.checkpoint();
		String written = OutboxCodec.encode(checkpoint.outbox(), checkpoint.statesInWindows());

		List<String> missing = new java.util.ArrayList<>();
		ResultBatch read = OutboxCodec.decode(written, Map.of(), missing::add);
		assertThat(missing).singleElement().asString().contains("which is not stored");
		assertThat(read.results()).singleElement().satisfies((r) -> {
			assertThat(r.state()).isNull();
			assertThat(r).isEqualTo(asWrittenWhole(checkpoint.outbox()).results().get(0).withoutState());
		});
		assertThatIllegalArgumentException().isThrownBy(() -> OutboxCodec.decode(written,
				Map.of(checkpoint.statesInWindows().values().iterator().next(), "not a window state"), this::unexpected));
	}

}
