package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.engine.Checkpoint;
import io.tributary.processing.engine.PartitionProcessor;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.publish.ConfirmedPublisher.Outgoing;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window stage of the partitions this instance owns. For each input batch: apply the events,
 * advance, write the checkpoint (state, ids of counted events, outbox) to Redis atomically, publish
 * the outbox with confirms, and only then return so the binder acks the input. See
 * docs/architecture.md, "Exactly-once results".
 */
public class WindowStage {

	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	private final Map<Integer, Slot> slots = new TreeMap<>();

	private final Collection<PipelineDefinition> pipelines;

	private final Map<String, String> sourceOf = new HashMap<>();

	private final RedisCheckpointStore store;

	private final ConfirmedPublisher publisher;

	private final Clock clock;

	private final Counter results;

	private final Counter late;

	private final Counter malformed;

	public WindowStage(List<Integer> ownedPartitions, Collection<PipelineDefinition> pipelines,
			RedisCheckpointStore store, ConfirmedPublisher publisher, Clock clock, MeterRegistry meters) {
		this.pipelines = List.copyOf(pipelines);
		pipelines.forEach((p) -> this.sourceOf.put(p.name(), p.source()));
		this.store = store;
		this.publisher = publisher;
		this.clock = clock;
		this.results = meters.counter("tributary.window.results");
		this.late = meters.counter("tributary.window.late.events");
		this.malformed = meters.counter("tributary.window.malformed.messages");
		for (int p : ownedPartitions) {
			Slot slot = new Slot(p);
			restore(slot);
			this.slots.put(p, slot);
		}
		log.info("Window stage owns partitions {}", ownedPartitions);
	}

	/** One owned partition: its processor and what it emitted that storage may not have yet. */
	private static final class Slot {

		final int partition;

		@Nullable PartitionProcessor processor;

		@Nullable ResultBatch unpublished;

		Map<String, Instant> lastStatus = Map.of();

		Slot(int partition) {
			this.partition = partition;
		}

	}

	private void restore(Slot slot) {
		Instant now = this.clock.instant();
		List<String> names = this.pipelines.stream().map(PipelineDefinition::name).toList();
		slot.processor = PartitionProcessor.restore(slot.partition, this.pipelines,
				this.store.load(slot.partition, names), now);
		slot.unpublished = this.store.loadOutbox(slot.partition);
	}

	public void handle(List<byte[]> payloads) {
		Map<Integer, List<KeyedEvent>> byPartition = new HashMap<>();
		for (byte[] payload : payloads) {
			try {
				KeyedBatch batch = WireFormat.read(payload, KeyedBatch.class);
				byPartition.computeIfAbsent(batch.partition(), (p) -> new ArrayList<>()).addAll(batch.events());
			}
			catch (IllegalArgumentException ex) {
				// only the route stage writes these queues: a malformed message is a bug; retrying cannot help
				this.malformed.increment();
				log.error("Dropping a malformed keyed batch of {} bytes: {}", payload.length, ex.getMessage());
			}
		}
		byPartition.forEach((partition, events) -> {
			Slot slot = this.slots.get(partition);
			if (slot == null) {
				throw new IllegalStateException("Received events of partition " + partition
						+ ", which this instance does not own " + this.slots.keySet());
			}
			synchronized (slot) {
				PartitionProcessor processor = processorOf(slot);
				Instant now = this.clock.instant();
				List<DeadLetterRecord> rejected = new ArrayList<>();
				try {
					for (KeyedEvent event : events) {
						try {
							processor.process(event, now);
						}
						catch (IllegalArgumentException ex) {
							// the route stage produced something this pipeline cannot hold (e.g. an event
							// time outside the windowable range): keep it, with the reason
							rejected.add(new DeadLetterRecord(this.sourceOf.getOrDefault(event.pipeline(), "-"), event.pipeline(), event.eventId(), event.eventTime(),
									now, "window stage: " + ex.getMessage(), event.values()));
						}
					}
					processor.advance(now);
					commit(slot, processor, rejected);
				}
				catch (RuntimeException ex) {
					// this batch will be redelivered: ids it counted must be recognised as redeliveries,
					// not mistaken for late events once their windows close
					if (slot.processor != null) {
						slot.processor.expectRedeliveries(now);
					}
					throw ex;
				}
			}
		});
	}

	/** Advances every owned partition by the clock: idle watermarks, interim and final results. */
	public void tick() {
		for (Slot slot : this.slots.values()) {
			synchronized (slot) {
				try {
					PartitionProcessor processor = processorOf(slot);
					processor.advance(this.clock.instant());
					commit(slot, processor, List.of());
				}
				catch (RuntimeException ex) {
					log.warn("Could not advance partition {}: {}", slot.partition, ex.getMessage());
				}
			}
		}
	}

	public Map<Integer, Map<String, Instant>> watermarks() {
		Map<Integer, Map<String, Instant>> result = new TreeMap<>();
		this.slots.forEach((p, slot) -> result.put(p, slot.lastStatus));
		return result;
	}

	private PartitionProcessor processorOf(Slot slot) {
		if (slot.processor == null) {
			restore(slot);
		}
		return slot.processor;
	}

	private void commit(Slot slot, PartitionProcessor processor, List<DeadLetterRecord> rejected) {
		Checkpoint checkpoint = processor.checkpoint();
		if (checkpoint.isEmpty() && slot.unpublished == null && rejected.isEmpty()) {
			return;
		}
		ResultBatch outbox = merge(merge(slot.unpublished, checkpoint.outbox()),
				new ResultBatch(List.of(), List.of(), rejected));
		try {
			this.store.write(new Checkpoint(checkpoint.partition(), checkpoint.windowUpserts(),
					checkpoint.windowDeletes(), checkpoint.dedupUpserts(), checkpoint.dedupDeletes(), checkpoint.meta(),
					outbox));
		}
		catch (RuntimeException ex) {
			// memory is now ahead of Redis; the unacked input will be redelivered, so start again
			// from the last checkpoint rather than carry on from a state Redis does not have
			slot.processor = null;
			throw ex;
		}
		if (!outbox.isEmpty()) {
			slot.unpublished = outbox;
			this.publisher.publishAll(List.of(new Outgoing(RouteStage.RESULTS_BINDING, outbox, Map.of())));
			this.results.increment(outbox.results().size());
			this.late.increment(outbox.late().size());
		}
		slot.unpublished = null;
		Map<String, Instant> watermarks = processor.watermarks();
		if (!watermarks.equals(slot.lastStatus)) {
			this.store.writeStatus(slot.partition, watermarks);
			slot.lastStatus = Map.copyOf(watermarks);
		}
	}

	private static ResultBatch merge(@Nullable ResultBatch pending, ResultBatch fresh) {
		if (pending == null || pending.isEmpty()) {
			return fresh;
		}
		if (fresh.isEmpty()) {
			return pending;
		}
		List<io.tributary.contract.WindowResult> results = new ArrayList<>(pending.results());
		results.addAll(fresh.results());
		List<io.tributary.contract.LateEventRecord> late = new ArrayList<>(pending.late());
		late.addAll(fresh.late());
		List<DeadLetterRecord> dead = new ArrayList<>(pending.deadLetters());
		dead.addAll(fresh.deadLetters());
		return new ResultBatch(results, late, dead);
	}

}
