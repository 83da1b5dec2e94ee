package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/** Pipelines, events and an in-memory stand-in for the Redis hashes a checkpoint is written to. */
final class Fixtures {

	/** Aligned to every window size the tests use. */
	static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	/** The wall clock the tests start at. */
	static final Instant W0 = Instant.parse("2026-03-01T12:00:00Z");

	static final List<String> METRICS = List.of("n", "total", "lo", "hi", "mean");

	private Fixtures() {
	}

	/** The streams the tests' pipelines read. */
	private static final List<String> STREAMS = List.of("s", "ad-events", "clicks");

	/**
	 * Advances the processor after every test stream's source vouched, at {@code now}, that it holds
	 * nothing older (a progress marker): the wall clock may move idle watermarks up to {@code now}.
	 */
	static void advanceQuiet(PartitionProcessor processor, Instant now) {
		vouch(processor, now);
		processor.advance(now);
	}

	/** A progress marker of every test stream's one source, saying nothing older than {@code now} is on its way. */
	static void vouch(PartitionProcessor processor, Instant now) {
		for (String stream : STREAMS) {
			processor.progress(new StreamProgress(stream, "test-ingestion", now), now);
		}
	}

	static PipelineDefinition pipeline(String name, Duration size, Duration allowedLateness,
			Duration maxOutOfOrderness, Duration idleTimeout, @Nullable Duration every, boolean onFinal) {
		return pipeline(name, new WindowSpec(WindowSpec.Type.TUMBLING, size, null, null, allowedLateness),
				maxOutOfOrderness, idleTimeout, every, onFinal);
	}

	/** Session windows with the same aggregations as {@link #pipeline}. */
	static PipelineDefinition sessions(String name, Duration gap, Duration allowedLateness,
			Duration maxOutOfOrderness, Duration idleTimeout, @Nullable Duration every, boolean onFinal) {
		return pipeline(name, new WindowSpec(WindowSpec.Type.SESSION, null, null, gap, allowedLateness),
				maxOutOfOrderness, idleTimeout, every, onFinal);
	}

	static PipelineDefinition pipeline(String name, WindowSpec window, Duration maxOutOfOrderness,
			Duration idleTimeout, @Nullable Duration every, boolean onFinal) {
		List<AggregateSpec> aggregates = List.of(new AggregateSpec("n", "count", null, List.of(), "t"),
				new AggregateSpec("total", "sum", "v", List.of(), "t"), new AggregateSpec("lo", "min", "v", List.of(), "t"),
				new AggregateSpec("hi", "max", "v", List.of(), "t"), new AggregateSpec("mean", "avg", "v", List.of(), "t"));
		return new PipelineDefinition(name, "s", null, List.of(), new Expression("k", "t"),
				window, new WatermarkSpec(maxOutOfOrderness, idleTimeout), aggregates, new EmitSpec(every, onFinal),
				Duration.ofDays(7));
	}

	/** 10s windows, 5s allowed lateness, 2s out-of-orderness, 10s idle timeout, final results only. */
	static PipelineDefinition views() {
		return pipeline("views", Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(2),
				Duration.ofSeconds(10), null, true);
	}

	static KeyedEvent event(String pipeline, String key, String id, String ingestId, Instant eventTime,
			@Nullable Object value) {
		Map<String, Object> values = new HashMap<>();
		if (value != null) {
			values.put("v", value);
		}
		return new KeyedEvent(pipeline, key, id, ingestId, eventTime, values);
	}

	static KeyedEvent event(String key, String id, Instant eventTime, long value) {
		return event("views", key, id, "ing-" + id, eventTime, value);
	}

	static Instant t(double seconds) {
		return T0.plusMillis(Math.round(seconds * 1000));
	}

	static Instant w(double seconds) {
		return W0.plusMillis(Math.round(seconds * 1000));
	}

	/**
	 * The Redis hashes, applied the way the checkpoint store applies a checkpoint, checking the
	 * delta's promises on the way (deletes name fields that exist, upserts and deletes are disjoint).
	 */
	static final class FakeRedis {

		final Map<String, String> windows = new HashMap<>();

		final Map<String, Map<String, String>> dedup = new HashMap<>();

		final Map<String, String> meta = new HashMap<>();

		void apply(Checkpoint checkpoint) {
			assertThat(Collections.disjoint(checkpoint.windowUpserts().keySet(), checkpoint.windowDeletes()))
				.as("window upserts and deletes are disjoint")
				.isTrue();
			assertThat(this.windows.keySet()).containsAll(checkpoint.windowDeletes());
			this.windows.putAll(checkpoint.windowUpserts());
			this.windows.keySet().removeAll(checkpoint.windowDeletes());
			checkpoint.dedupUpserts()
				.forEach((pipeline, ids) -> this.dedup.computeIfAbsent(pipeline, (p) -> new HashMap<>()).putAll(ids));
			for (Map.Entry<String, Set<String>> deletes : checkpoint.dedupDeletes().entrySet()) {
				Map<String, String> ids = this.dedup.get(deletes.getKey());
				assertThat(ids).isNotNull();
				assertThat(ids.keySet()).containsAll(deletes.getValue());
				Map<String, String> upserts = checkpoint.dedupUpserts().getOrDefault(deletes.getKey(), Map.of());
				assertThat(Collections.disjoint(upserts.keySet(), deletes.getValue()))
					.as("dedup upserts and deletes are disjoint")
					.isTrue();
				ids.keySet().removeAll(deletes.getValue());
			}
			assertThat(Collections.disjoint(checkpoint.meta().keySet(), checkpoint.metaDeletes()))
				.as("meta upserts and deletes are disjoint")
				.isTrue();
			assertThat(this.meta.keySet()).containsAll(checkpoint.metaDeletes());
			this.meta.putAll(checkpoint.meta());
			this.meta.keySet().removeAll(checkpoint.metaDeletes());
		}

		PartitionSnapshot snapshot() {
			Map<String, Map<String, String>> dedupCopy = new HashMap<>();
			this.dedup.forEach((p, ids) -> dedupCopy.put(p, Map.copyOf(ids)));
			return new PartitionSnapshot(this.windows, dedupCopy, this.meta);
		}

		long dedupEntries() {
			return this.dedup.values().stream().mapToLong(Map::size).sum();
		}

	}

}
