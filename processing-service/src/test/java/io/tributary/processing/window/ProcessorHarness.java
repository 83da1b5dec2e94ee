package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One partition processor under test with what surrounds it in production, shared by the property
 * and session tests: the Redis it checkpoints to, a {@link Store} of what it published, restarts from
 * that Redis, and drivers that feed events at a moving wall clock with advances, checkpoints and
 * restarts at random points.
 */
final class ProcessorHarness {

	/** A stored result's identity: its key and window start. */
	record ResultKey(String key, long start) {

		static ResultKey of(WindowResult result) {
			return new ResultKey(result.key(), result.windowStart().toEpochMilli());
		}

	}

	/**
	 * What a store that keeps one result per (key, window start) holds: the highest revision, and
	 * tombstones of retracted starts that an older revision cannot bring back (as storage's scripts).
	 */
	static final class Store {

		final Map<ResultKey, WindowResult> results = new HashMap<>();

		final Map<ResultKey, Long> tombstones = new HashMap<>();

		final List<ResultBatch> outboxes = new ArrayList<>();

		final List<LateEventRecord> late = new ArrayList<>();

		final List<WindowRetraction> retractions = new ArrayList<>();

		void apply(ResultBatch outbox) {
			this.outboxes.add(outbox);
			this.late.addAll(outbox.late());
			for (WindowResult result : outbox.results()) {
				ResultKey key = ResultKey.of(result);
				WindowResult previous = this.results.get(key);
				if (previous != null) {
					assertThat(result.revision()).as("revisions of " + key + " only grow")
						.isGreaterThan(previous.revision());
				}
				assertThat(this.tombstones.getOrDefault(key, 0L)).as("a retracted start is not used again: " + key)
					.isLessThan(result.revision());
				this.results.put(key, result);
			}
			for (WindowRetraction retraction : outbox.retractions()) {
				this.retractions.add(retraction);
				ResultKey into = new ResultKey(retraction.key(), retraction.mergedIntoStart().toEpochMilli());
				// the result that replaces the retracted one travels in the same outbox
				assertThat(outbox.results()).as("the merged result of " + retraction)
					.anyMatch((r) -> ResultKey.of(r).equals(into) && r.windowEnd().equals(retraction.mergedIntoEnd()));
				ResultKey key = new ResultKey(retraction.key(), retraction.windowStart().toEpochMilli());
				WindowResult stored = this.results.get(key);
				assertThat(stored).as("a retraction names a start that holds a result").isNotNull();
				assertThat(retraction.revision()).isEqualTo(stored.revision() + 1);
				assertThat(retraction.windowEnd()).isEqualTo(stored.windowEnd());
				this.results.remove(key);
				this.tombstones.put(key, retraction.revision());
			}
		}

		/** Stored results of one key, by start. */
		TreeMap<Long, WindowResult> of(String key) {
			TreeMap<Long, WindowResult> results = new TreeMap<>();
			this.results.forEach((k, r) -> {
				if (k.key().equals(key)) {
					results.put(k.start(), r);
				}
			});
			return results;
		}

		/** Every result published, in order. */
		List<WindowResult> published() {
			return this.outboxes.stream().flatMap((outbox) -> outbox.results().stream()).toList();
		}

	}

	final PipelineDefinition definition;

	private final int partition;

	private final Duration redeliveryGrace;

	PartitionProcessor processor;

	final Fixtures.FakeRedis redis = new Fixtures.FakeRedis();

	final Store store = new Store();

	/** @param redeliveryGrace how long a restarted processor keeps the ids of purged windows */
	ProcessorHarness(int partition, PipelineDefinition definition, Duration redeliveryGrace) {
		this.partition = partition;
		this.definition = definition;
		this.redeliveryGrace = redeliveryGrace;
		this.processor = new PartitionProcessor(partition, List.of(definition));
	}

	/**
	 * Takes a checkpoint, writes it to the Redis and its outbox to the store. The outbox as a restart
	 * would read it back (its results' states from the window states it names) must be what the whole
	 * outbox written as JSON reads back as.
	 */
	ResultBatch checkpoint() {
		Checkpoint checkpoint = this.processor.checkpoint();
		this.redis.apply(checkpoint);
		if (!checkpoint.outbox().isEmpty()) {
			String stored = OutboxCodec.encode(checkpoint.outbox(), checkpoint.statesInWindows());
			assertThat(OutboxCodec.decode(stored, this.redis.windows, (problem) -> {
				throw new AssertionError(problem);
			})).as("the outbox read back after a crash")
				.isEqualTo(WireFormat.read(WireFormat.writeString(checkpoint.outbox()), ResultBatch.class));
		}
		this.store.apply(checkpoint.outbox());
		return checkpoint.outbox();
	}

	/** A new processor restored from the Redis, as after a crash or a hand-over. */
	void restart(Instant now) {
		this.processor = PartitionProcessor.restore(this.partition, List.of(this.definition), this.redis.snapshot(),
				now, this.redeliveryGrace);
	}

	/** A day later: everything fires and purges, and the checkpoints that follow write it all. */
	void finish(Instant now) {
		Fixtures.advanceQuiet(this.processor, now.plus(Duration.ofDays(1)));
		checkpoint();
		checkpoint();
		checkpoint();
	}

	void assertEverythingIsGoneAfterThePurge() {
		assertThat(this.processor.stats().windows()).isZero();
		assertThat(this.processor.stats().dedupEntries()).isZero();
		assertThat(this.redis.windows).isEmpty();
		assertThat(this.redis.dedupEntries()).isZero();
	}

	// --- drivers: the wall clock moves 0-2 ms per event -------------------------------------------------------

	/** Feeds the events, each followed with odds 1 in {@code advanceOneIn} by an advance and 1 in {@code checkpointOneIn} by a checkpoint; then finishes. */
	void feed(Random random, List<KeyedEvent> events, int advanceOneIn, int checkpointOneIn) {
		Instant now = Fixtures.W0;
		for (KeyedEvent event : events) {
			now = now.plusMillis(random.nextInt(0, 3));
			this.processor.process(event, now);
			if (random.nextInt(advanceOneIn) == 0) {
				Fixtures.advanceQuiet(this.processor, now);
			}
			if (random.nextInt(checkpointOneIn) == 0) {
				checkpoint();
			}
		}
		finish(now);
	}

	/** As {@link #feed}, with an advance just before each checkpoint and none otherwise. */
	void feedAdvancingAtCheckpoints(Random random, List<KeyedEvent> events, int checkpointOneIn) {
		Instant now = Fixtures.W0;
		for (KeyedEvent event : events) {
			now = now.plusMillis(random.nextInt(0, 3));
			this.processor.process(event, now);
			if (random.nextInt(checkpointOneIn) == 0) {
				Fixtures.advanceQuiet(this.processor, now);
				checkpoint();
			}
		}
		finish(now);
	}

	/**
	 * Feeds the same events at the same times to both runs, advancing both (1 in 8) and
	 * checkpointing both (1 in 15) at the same points; {@code restarted} restarts after a third of
	 * its checkpoints. Both finish.
	 * @return how often {@code restarted} restarted
	 */
	static int feedWithRestarts(Random random, List<KeyedEvent> events, ProcessorHarness straight,
			ProcessorHarness restarted) {
		Instant now = Fixtures.W0;
		int restarts = 0;
		for (KeyedEvent event : events) {
			now = now.plusMillis(random.nextInt(0, 3));
			straight.processor.process(event, now);
			restarted.processor.process(event, now);
			if (random.nextInt(8) == 0) {
				Fixtures.advanceQuiet(straight.processor, now);
				Fixtures.advanceQuiet(restarted.processor, now);
			}
			if (random.nextInt(15) == 0) {
				straight.checkpoint();
				restarted.checkpoint();
				if (random.nextInt(3) == 0) {
					restarted.restart(now);
					restarts++;
				}
			}
		}
		straight.finish(now);
		restarted.finish(now);
		return restarts;
	}

}
