package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.StreamTime;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;

/**
 * The window stage of one owned partition: applies keyed events to the windows of their pipeline,
 * moves watermarks, emits results and late records, and hands out checkpoint deltas that
 * {@link #restore} continues from exactly (exactly-once with a checkpoint before each input ack).
 * Not thread-safe: the caller serialises all calls.
 *
 * <p>Semantics in short (see docs/architecture.md): the watermark of each pipeline trails the
 * largest event time by {@code max-out-of-orderness} and, after {@code idle-timeout} without events,
 * moves with the wall clock as far as the stream's sources vouch for ({@link #progress}); a window fires (final result) when the watermark reaches its end,
 * takes late events with a new revision until {@code end + allowed-lateness}, then is purged; later
 * events become late records. An already counted event id is a redelivery (same ingest id: ignored)
 * or a duplicate (counted on the original's window). Emitted results and late records collect in the
 * outbox of the next {@link #checkpoint()}.
 */
public final class PartitionProcessor {

	/**
	 * How long after a restart the ids of purged windows are still kept: long enough for the input
	 * that was unacknowledged at the crash (at most the prefetch) to be redelivered.
	 */
	public static final Duration DEFAULT_REDELIVERY_GRACE = Duration.ofMinutes(1);

	/**
	 * How long an ingestion instance's last progress marker counts without a newer one: a stopped
	 * instance holds a quiet stream's watermark back this long at most.
	 */
	public static final Duration DEFAULT_SOURCE_EXPIRY = Duration.ofSeconds(10);

	private final int partition;

	private final Duration redeliveryGrace;

	private final Duration sourceExpiry;

	private final Map<String, PipelineDefinition> definitions = new LinkedHashMap<>();

	private final Map<String, PipelineOperator> operators = new LinkedHashMap<>();

	private final Map<String, String> dropped = new LinkedHashMap<>();

	private final Outbox outbox = new Outbox();

	private final CheckpointDelta delta = new CheckpointDelta();

	/**
	 * @throws IllegalArgumentException when a pipeline cannot be run (unknown window type or
	 * aggregation, invalid durations), naming the pipeline
	 */
	public PartitionProcessor(int partition, Collection<PipelineDefinition> pipelines) {
		this(partition, pipelines, Map.of(), DEFAULT_REDELIVERY_GRACE);
	}

	/**
	 * @param versions        each pipeline's version (absent: 1): the state is stamped with it, and a
	 *                        restore discards state of another version
	 * @param redeliveryGrace how long after a restart (or {@link #expectRedeliveries}) ids of purged
	 *                        windows are kept, so that redelivered input is not taken for late events
	 */
	public PartitionProcessor(int partition, Collection<PipelineDefinition> pipelines, Map<String, Long> versions,
			Duration redeliveryGrace) {
		this(partition, pipelines, versions, redeliveryGrace, DEFAULT_SOURCE_EXPIRY);
	}

	/** As {@link #PartitionProcessor(int, Collection, Map, Duration)}, every pipeline at version 1. */
	public PartitionProcessor(int partition, Collection<PipelineDefinition> pipelines, Duration redeliveryGrace) {
		this(partition, pipelines, Map.of(), redeliveryGrace, DEFAULT_SOURCE_EXPIRY);
	}

	/** A processor of version 1 of each pipeline, with a source expiry. */
	public PartitionProcessor(int partition, Collection<PipelineDefinition> pipelines, Duration redeliveryGrace,
			Duration sourceExpiry) {
		this(partition, pipelines, Map.of(), redeliveryGrace, sourceExpiry);
	}

	/**
	 * @param sourceExpiry how long a source's progress marker counts without a newer one (see
	 * {@link #progress})
	 */
	public PartitionProcessor(int partition, Collection<PipelineDefinition> pipelines, Map<String, Long> versions,
			Duration redeliveryGrace, Duration sourceExpiry) {
		if (partition < 0) {
			throw new IllegalArgumentException("partition must be >= 0, got " + partition);
		}
		if (redeliveryGrace.isNegative()) {
			throw new IllegalArgumentException("redelivery grace must not be negative");
		}
		if (sourceExpiry.isNegative() || sourceExpiry.isZero()) {
			throw new IllegalArgumentException("source expiry must be positive");
		}
		this.partition = partition;
		this.redeliveryGrace = redeliveryGrace;
		this.sourceExpiry = sourceExpiry;
		for (PipelineDefinition pipeline : pipelines) {
			if (this.definitions.put(pipeline.name(), pipeline) != null) {
				throw new IllegalArgumentException("pipeline '" + pipeline.name() + "' is given twice");
			}
			long version = versions.getOrDefault(pipeline.name(), 1L);
			this.operators.put(pipeline.name(), new PipelineOperator(pipeline, version, this.outbox, this.delta,
					sourceExpiry.toMillis()));
		}
	}

	/**
	 * Continues from the state the last checkpoint left in Redis. State of pipelines that are no
	 * longer declared is ignored (and left where it is). The watermarks' idle clocks restart at
	 * {@code now}, and ids of purged windows are kept for the redelivery grace from {@code now}
	 * (see {@link #expectRedeliveries}).
	 * @throws IllegalArgumentException when the snapshot holds state this code did not write
	 */
	public static PartitionProcessor restore(int partition, Collection<PipelineDefinition> pipelines,
			PartitionSnapshot snapshot, Instant now) {
		return restore(partition, pipelines, Map.of(), snapshot, now, DEFAULT_REDELIVERY_GRACE);
	}

	/** As {@link #restore(int, Collection, PartitionSnapshot, Instant)}, with a redelivery grace. */
	public static PartitionProcessor restore(int partition, Collection<PipelineDefinition> pipelines,
			PartitionSnapshot snapshot, Instant now, Duration redeliveryGrace) {
		return restore(partition, pipelines, Map.of(), snapshot, now, redeliveryGrace, DEFAULT_SOURCE_EXPIRY);
	}

	/** As {@link #restore(int, Collection, PartitionSnapshot, Instant)}, with a redelivery grace and source expiry. */
	public static PartitionProcessor restore(int partition, Collection<PipelineDefinition> pipelines,
			PartitionSnapshot snapshot, Instant now, Duration redeliveryGrace, Duration sourceExpiry) {
		return restore(partition, pipelines, Map.of(), snapshot, now, redeliveryGrace, sourceExpiry);
	}

	/** As {@link #restore(int, Collection, Map, PartitionSnapshot, Instant, Duration, Duration)}, default source expiry. */
	public static PartitionProcessor restore(int partition, Collection<PipelineDefinition> pipelines,
			Map<String, Long> versions, PartitionSnapshot snapshot, Instant now, Duration redeliveryGrace) {
		return restore(partition, pipelines, versions, snapshot, now, redeliveryGrace, DEFAULT_SOURCE_EXPIRY);
	}

	/**
	 * As {@link #restore(int, Collection, PartitionSnapshot, Instant)}, with each pipeline's version
	 * (absent: 1). A pipeline's state is restored only when the version stamped on it is the
	 * pipeline's version (state without a stamp was written by version 1); state of another version
	 * is discarded, and so is unstamped state that the current definition cannot read: the pipeline
	 * starts empty in this partition and the next checkpoint deletes the old state ({@link #dropped()}
	 * says why). State stamped with the current version that cannot be read is corrupt: that throws.
	 * @param sourceExpiry how long a source's progress marker counts without a newer one
	 * @throws IllegalArgumentException when the snapshot holds state this code did not write
	 */
	public static PartitionProcessor restore(int partition, Collection<PipelineDefinition> pipelines,
			Map<String, Long> versions, PartitionSnapshot snapshot, Instant now, Duration redeliveryGrace,
			Duration sourceExpiry) {
		PartitionProcessor processor = new PartitionProcessor(partition, pipelines, versions, redeliveryGrace,
				sourceExpiry);
		long nowMillis = now.toEpochMilli();
		String where = "partition " + partition + ": ";
		try {
			Map<String, StoredPipelineState> stored = StoredPipelineState.byPipeline(snapshot);
			for (String name : List.copyOf(processor.operators.keySet())) {
				StoredPipelineState state = stored.get(name);
				PipelineOperator operator = processor.operators.get(name);
				if (state == null) {
					operator.restarted(nowMillis);
					continue;
				}
				long storedVersion = state.version(name);
				if (storedVersion != operator.version.version) {
					processor.discard(name, state, "its state was written by version " + storedVersion
							+ ", the pipeline runs version " + operator.version.version, nowMillis);
					continue;
				}
				try {
					restoreInto(operator, state, nowMillis);
				}
				catch (IllegalArgumentException ex) {
					if (state.stamp() != null) {
						throw ex;
					}
					processor.discard(name, state, "its state, written before pipeline versions, cannot be read"
							+ " under the current definition (" + ex.getMessage() + ")", nowMillis);
				}
			}
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(where + ex.getMessage(), ex);
		}
		for (PipelineOperator operator : processor.operators.values()) {
			operator.afterRestore();
		}
		processor.expectRedeliveries(now);
		return processor;
	}

	private static void restoreInto(PipelineOperator operator, StoredPipelineState state, long nowMillis) {
		if (state.meta() != null) {
			operator.restoreMeta(state.meta());
		}
		operator.restarted(nowMillis);
		state.alerts().forEach(operator::restoreAlert);
		state.forecasts().forEach(operator::restoreForecast);
		if (!state.firstSeen().isEmpty()) {
			operator.restoreFirstSeen(state.firstSeen());
		}
		for (Map.Entry<String, String> window : state.windows().entrySet()) {
			operator.restoreWindow(window.getKey(), StateCodec.decodeWindow(window.getKey(), window.getValue()));
		}
		state.dedup().forEach(operator::restoreDedup);
		if (state.stamp() != null) {
			operator.version.restored();
		}
	}

	/** Starts a pipeline empty in this partition, and deletes its stored state with the next checkpoint. */
	private void discard(String name, StoredPipelineState state, String reason, long nowMillis) {
		long version = this.operators.get(name).version.version;
		PipelineOperator fresh = new PipelineOperator(this.definitions.get(name), version, this.outbox, this.delta,
				this.sourceExpiry.toMillis());
		fresh.restarted(nowMillis);
		fresh.version.replaceStale();
		this.operators.put(name, fresh);
		state.deleteIn(name, this.delta);
		this.dropped.put(name, reason + " (dropped: windows " + state.windows().size() + ", counted ids "
				+ state.dedup().size() + ")");
	}

	/** The pipelines whose stored state {@link #restore} discarded, with the reason, for the log. */
	public Map<String, String> dropped() {
		return Map.copyOf(this.dropped);
	}

	/**
	 * Input this partition already applied may be delivered again (a restart, or a consumer that
	 * lost its channel before acknowledging): keep the ids of purged windows for the redelivery
	 * grace from {@code now}, so that such input is recognised instead of recorded as late.
	 */
	public void expectRedeliveries(Instant now) {
		long nowMillis = now.toEpochMilli();
		long until;
		try {
			until = Math.addExact(nowMillis, this.redeliveryGrace.toMillis());
		}
		catch (ArithmeticException ex) {
			until = Long.MAX_VALUE;
		}
		for (PipelineOperator operator : this.operators.values()) {
			operator.holdIds(nowMillis, until);
		}
	}

	public int partition() {
		return this.partition;
	}

	/**
	 * Applies one event of the pipeline {@code event.pipeline()} names, at wall-clock time {@code now}.
	 * @throws IllegalArgumentException when the event cannot be processed here (a pipeline this
	 * partition does not run, missing ids, an event time out of range); nothing was applied, so the
	 * caller can dead-letter it
	 */
	public void process(KeyedEvent event, Instant now) {
		PipelineOperator operator = this.operators.get(event.pipeline());
		if (operator == null) {
			throw new IllegalArgumentException(
					"partition " + this.partition + " runs no pipeline '" + event.pipeline() + "'");
		}
		requirePresent(event.key(), "key");
		requirePresent(event.eventId(), "eventId");
		requirePresent(event.ingestId(), "ingestId");
		requirePresent(event.eventTime(), "eventTime");
		List<TimeWindow> windows = operator.windowsFor(event);
		operator.process(event, windows, now.toEpochMilli());
	}

	private static void requirePresent(@Nullable Object value, String what) {
		// records read from the wire may carry nulls despite the declared types
		if (value == null) {
			throw new IllegalArgumentException("keyed event without " + what);
		}
	}

	/**
	 * The route stage says how far the stream's event time came in a delivery whose events for this
	 * partition were just applied (at wall-clock {@code now}): the watermarks of the pipelines reading
	 * the stream trail it, as they trail their own events' times, and the stream is not idle. Streams
	 * no pipeline here reads change nothing. Applied after the events delivered with it, never before.
	 */
	public void streamTime(StreamTime time, Instant now) {
		long nowMillis = now.toEpochMilli();
		long latest = time.latest().toEpochMilli();
		for (PipelineOperator operator : this.operators.values()) {
			if (operator.source.equals(time.stream())) {
				operator.streamTime(latest, nowMillis);
			}
		}
	}

	/**
	 * A progress marker arrived at wall-clock {@code now}: its source vouches that it will publish
	 * nothing more for the stream that it accepted before {@code marker.until()}. Only such evidence
	 * lets an idle watermark move (see {@link #advance}); markers of streams no pipeline here reads
	 * change nothing. Applied after the events delivered with it, never before.
	 */
	public void progress(StreamProgress marker, Instant now) {
		long nowMillis = now.toEpochMilli();
		long until = marker.until().toEpochMilli();
		for (PipelineOperator operator : this.operators.values()) {
			if (operator.source.equals(marker.stream())) {
				operator.progress(marker.source(), until, nowMillis);
			}
		}
	}

	/**
	 * Moves idle watermarks with the wall clock (as far as progress markers vouch for), fires and purges windows, emits new revisions of
	 * windows that took late events and, per {@code emit.every}, interim results of changed open
	 * windows. Call it after each batch and periodically (more often than {@code emit.every}).
	 */
	public void advance(Instant now) {
		long nowMillis = now.toEpochMilli();
		for (PipelineOperator operator : this.operators.values()) {
			operator.advance(nowMillis);
		}
	}

	/**
	 * Says that input for this partition may be waiting but cannot be delivered now (the consumer is
	 * held up by another partition): idle timeouts count from {@code now} instead, so a backlog is
	 * not mistaken for an idle source and turned late. Call it instead of {@link #advance} meanwhile.
	 */
	public void inputStalled(Instant now) {
		long nowMillis = now.toEpochMilli();
		for (PipelineOperator operator : this.operators.values()) {
			operator.inputStalled(nowMillis);
		}
	}

	/**
	 * Whether results, late events, retractions or alerts wait in the outbox: someone is waiting for
	 * them, so the next checkpoint should not.
	 */
	public boolean hasOutput() {
		return !this.outbox.isEmpty();
	}

	/** The delta since the previous checkpoint, including its outbox; starts the next delta. */
	public Checkpoint checkpoint() {
		for (PipelineOperator operator : this.operators.values()) {
			operator.checkpoint();
		}
		return this.delta.take(this.partition, this.outbox.take());
	}

	/** The watermark of each pipeline that has seen events in this partition. */
	public Map<String, Instant> watermarks() {
		Map<String, Instant> watermarks = new LinkedHashMap<>();
		for (PipelineOperator operator : this.operators.values()) {
			Instant watermark = operator.watermark();
			if (watermark != null) {
				watermarks.put(operator.name, watermark);
			}
		}
		return watermarks;
	}

	/**
	 * The size of each pipeline's state. Walks the windows to count keys: call it at metrics pace,
	 * not per event.
	 */
	public Map<String, StateSize> stateSizes() {
		Map<String, StateSize> sizes = new LinkedHashMap<>();
		for (PipelineOperator operator : this.operators.values()) {
			sizes.put(operator.name, operator.size());
		}
		return sizes;
	}

	public PartitionStats stats() {
		long windows = 0;
		long dedup = 0;
		for (PipelineOperator operator : this.operators.values()) {
			windows += operator.windowCount();
			dedup += operator.dedupCount();
		}
		Outbox b = this.outbox;
		return new PartitionStats(b.eventsAccepted, b.redeliveries, b.duplicates, b.lateEvents, b.invalidValues,
				b.resultsEmitted, windows, dedup);
	}

}
