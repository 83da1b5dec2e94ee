package io.tributary.processing.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.processing.checkpoint.LeaseLostException;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.window.Checkpoint;
import io.tributary.processing.window.PartitionProcessor;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.publish.ConfirmedPublisher.Outgoing;

/**
 * Commits a partition: writes the fenced checkpoint with its outbox (results, late records, dead
 * letters, and what an earlier publish left) to Redis, then publishes the outbox and waits for the
 * confirms, then writes the partition's watermark status (at most every {@link #STATUS_INTERVAL}).
 * See docs/architecture.md, "Exactly-once results".
 */
final class Checkpointer {

	/** How often at most a partition's status (its watermarks, for query) is written. */
	static final Duration STATUS_INTERVAL = Duration.ofMillis(200);

	private final RedisCheckpointStore store;

	private final ConfirmedPublisher publisher;

	private final LostLeases lostLeases;

	private final Counter results;

	private final Counter late;

	private final PartitionMetrics metrics;

	Checkpointer(RedisCheckpointStore store, ConfirmedPublisher publisher, LostLeases lostLeases, MeterRegistry meters,
			PartitionMetrics metrics) {
		this.metrics = metrics;
		this.store = store;
		this.publisher = publisher;
		this.lostLeases = lostLeases;
		this.results = meters.counter("tributary.window.results");
		this.late = meters.counter("tributary.window.late.events");
	}

	/**
	 * Commits what the processor did since the last commit (slot locked, lease held): the state's
	 * delta, its outbox and the dead letters of the events it refused; the slot's uncommitted input
	 * is committed with it (its acknowledgements may go once the checkpoint is written, even when the
	 * publish then fails: the outbox is in the checkpoint and is published again). When the
	 * checkpoint cannot be written, the slot's state is dropped: memory would be ahead of Redis.
	 * @throws LeaseLostException when another instance holds the lease now
	 */
	void commit(PartitionSlot slot, PartitionProcessor processor) {
		List<DeadLetterRecord> rejected = slot.uncommitted.rejected();
		Checkpoint checkpoint = processor.checkpoint();
		if (checkpoint.isEmpty() && slot.unpublished == null && rejected.isEmpty()) {
			// the input since the last checkpoint changed nothing (duplicates, say): nothing to write for it
			slot.uncommitted.committed();
			if (slot.statusPending) {
				writeStatusIfDue(slot, processor.watermarks());
			}
			return;
		}
		ResultBatch outbox = ResultBatches.merge(ResultBatches.merge(slot.unpublished, checkpoint.outbox()),
				new ResultBatch(List.of(), List.of(), List.copyOf(rejected)));
		try {
			long started = System.nanoTime();
			long bytes = this.store.write(checkpoint.withOutbox(outbox));
			this.metrics.checkpointed(slot.partition, System.nanoTime() - started, bytes);
		}
		catch (LeaseLostException ex) {
			this.lostLeases.lost(slot, "the checkpoint was refused");
			throw ex;
		}
		catch (RuntimeException ex) {
			// memory is now ahead of Redis, and Redis may yet apply the write (a timed-out EXEC can still
			// run). Retrying only the write would need every delta taken meanwhile (ticks, a release) to
			// be merged into it; instead the state is dropped, and the delivery, retried in place,
			// restores whatever the checkpoint holds (taking the lease again first) and applies its
			// input again: ids counted there are recognised as redeliveries, so either way each event
			// counts once (see WindowStage#apply)
			slot.drop();
			throw ex;
		}
		slot.uncommitted.committed();
		if (!outbox.isEmpty()) {
			slot.unpublished = outbox;
			this.publisher.publishAll(List.of(new Outgoing(RouteStage.RESULTS_BINDING, outbox)));
			this.results.increment(outbox.results().size());
			this.late.increment(outbox.late().size());
		}
		slot.unpublished = null;
		Map<String, Instant> watermarks = processor.watermarks();
		this.metrics.observe(slot.partition, processor, watermarks);
		writeStatusIfDue(slot, watermarks);
	}

	/**
	 * Writes the partition's watermarks as its status (what query shows) when they changed, at most
	 * every {@link #STATUS_INTERVAL}: at load they move with every delivery, and the write is a Redis
	 * round trip before the delivery's ack. A change held back is written by a later commit or tick.
	 */
	private void writeStatusIfDue(PartitionSlot slot, Map<String, Instant> watermarks) {
		if (watermarks.equals(slot.lastStatus)) {
			slot.statusPending = false;
			return;
		}
		long now = System.nanoTime();
		if (slot.statusWrittenAt != 0 && now - slot.statusWrittenAt < STATUS_INTERVAL.toNanos()) {
			slot.statusPending = true;
			return;
		}
		this.store.writeStatus(slot.partition, watermarks);
		slot.lastStatus = Map.copyOf(watermarks);
		slot.statusWrittenAt = now;
		slot.statusPending = false;
	}

}
