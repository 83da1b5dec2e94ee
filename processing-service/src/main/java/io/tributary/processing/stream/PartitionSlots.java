package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.checkpoint.PartitionLeases;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.window.PartitionProcessor;
import io.tributary.processing.window.PartitionSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this instance serves, one {@link PartitionSlot} each: acquiring a partition (take
 * its lease if free, restore its state), releasing it (last checkpoint, release the lease), and
 * taking the lease of a served partition once it is free. A partition's state is only restored while
 * this instance holds its lease, so instances whose ownership overlaps in time never work on the
 * same state. See docs/architecture.md, "Partition leases".
 */
final class PartitionSlots {

	// the window stage's log: one place for operators to read
	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	private final Map<Integer, PartitionSlot> slots = new ConcurrentSkipListMap<>();

	private final Collection<PipelineDefinition> pipelines;

	private final List<String> pipelineNames;

	/** Each pipeline's version: state of another version is not restored. */
	private final Map<String, Long> versions;

	private final RedisCheckpointStore store;

	private final PartitionLeases leases;

	private final Checkpointer checkpointer;

	private final Clock clock;

	private final Duration sourceExpiry;

	/** Whether a partition this instance does not own is served when the broker delivers its input here. */
	private final boolean standby;

	/** Leases taken over from a holder that did not release them ({@link #takeOver}). */
	private final Runnable takenOver;

	private volatile boolean open;

	/**
	 * @param standby whether a partition this instance does not own is served when the broker delivers
	 *                its input here (see {@link #serveDelivered})
	 * @param takenOver counts a lease taken over from a holder that did not release it
	 */
	PartitionSlots(Collection<PipelineDefinition> pipelines, Map<String, Long> versions, RedisCheckpointStore store,
			PartitionLeases leases, Checkpointer checkpointer, Clock clock, Duration sourceExpiry, boolean standby,
			Runnable takenOver) {
		this.standby = standby;
		this.takenOver = takenOver;
		this.pipelines = List.copyOf(pipelines);
		this.versions = Map.copyOf(versions);
		this.pipelineNames = this.pipelines.stream().map(PipelineDefinition::name).toList();
		this.store = store;
		this.leases = leases;
		this.checkpointer = checkpointer;
		this.clock = clock;
		this.sourceExpiry = sourceExpiry;
	}

	/** From now on partitions can be acquired and their leases taken. */
	void open() {
		this.open = true;
	}

	/** From now on no lease is taken; deliveries waiting for one give up. */
	void close() {
		this.open = false;
	}

	boolean isOpen() {
		return this.open;
	}

	/**
	 * Starts serving a partition: takes its lease if nobody holds it and restores its state. When
	 * another instance holds the lease, the partition stays served but not held.
	 * @return whether this instance holds the lease now
	 */
	boolean acquire(int partition) {
		if (!this.open) {
			throw new IllegalStateException("The window stage is not running");
		}
		PartitionSlot slot = this.slots.computeIfAbsent(partition, PartitionSlot::new);
		slot.lock.lock();
		try {
			return holdOrTake(slot);
		}
		catch (RuntimeException ex) {
			log.warn("Partition {}: could not take the lease yet: {}", partition, ex.getMessage());
			return false;
		}
		finally {
			slot.lock.unlock();
		}
	}

	/**
	 * Stops serving a partition: waits for the delivery being applied, writes the last checkpoint,
	 * publishes its outbox, releases the lease and forgets the state. If the last checkpoint or
	 * publish fails, the next owner continues from the previous checkpoint and re-publishes its
	 * outbox: acked input is always in a checkpoint already.
	 */
	void release(int partition) {
		PartitionSlot slot = this.slots.remove(partition);
		if (slot == null) {
			return;
		}
		slot.lock.lock();
		try {
			slot.assigned = false;
			PartitionProcessor processor = slot.processor;
			if (processor == null) {
				return;
			}
			try {
				processor.advance(this.clock.instant());
				this.checkpointer.commit(slot, processor);
			}
			catch (RuntimeException ex) {
				log.warn("Partition {}: the last checkpoint before the release failed: {}", partition, ex.getMessage());
			}
			try {
				if (this.leases.release(partition)) {
					log.info("Partition {}: lease released", partition);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Partition {}: could not release the lease ({}); it expires within {}", partition,
						ex.getMessage(), this.leases.ttl());
			}
			slot.drop();
		}
		finally {
			// input applied but not in the last checkpoint goes back to the broker, for the next owner
			slot.uncommitted.failed(new IllegalStateException(
					"Partition " + partition + " was released before its input was checkpointed"));
			slot.lock.unlock();
		}
	}

	/**
	 * The slot of a partition whose input the broker delivered here: the served one, or with standby
	 * on, a new standby slot (the broker made this instance the consumer of a partition it does not
	 * own, so its owner's consumer is gone). Null when the partition is not served and standby is off,
	 * or the stage stopped.
	 */
	@Nullable PartitionSlot serveDelivered(int partition) {
		PartitionSlot slot = this.slots.get(partition);
		if (slot != null || !this.standby || !this.open) {
			return slot;
		}
		return this.slots.computeIfAbsent(partition, (p) -> {
			log.info("Partition {}: its input is delivered here, standing in for its owner", p);
			return new PartitionSlot(p, true);
		});
	}

	/**
	 * Takes the lease from whoever holds it and restores the state (slot locked): the broker delivers
	 * the partition's input here and the holder did not release it in time. The holder, should it
	 * still run, can no longer write: the state restored is its last.
	 * @return whether this instance holds the lease now (false once the stage closed or the partition
	 * was released)
	 */
	boolean takeOver(PartitionSlot slot) {
		if (!this.open || !slot.assigned) {
			return false;
		}
		if (slot.processor != null) {
			return true;
		}
		String before = this.leases.takeOver(slot.partition);
		this.takenOver.run();
		log.info("Partition {}: took the lease over from {}, which did not release it while the broker delivered "
				+ "the partition's input here", slot.partition, (before != null) ? before : "nobody");
		return holdOrTake(slot);
	}

	/** Releases every partition served. */
	void releaseAll() {
		for (Integer p : List.copyOf(this.slots.keySet())) {
			release(p);
		}
	}

	/** The slot of a served partition, or null. */
	@Nullable PartitionSlot get(int partition) {
		return this.slots.get(partition);
	}

	/** The slots served, in partition order. */
	Collection<PartitionSlot> all() {
		return this.slots.values();
	}

	/**
	 * True when the slot holds its lease and state, taking the lease and restoring if it is free
	 * (slot locked). False once the stage closed or the partition was released.
	 */
	boolean holdOrTake(PartitionSlot slot) {
		if (!this.open || !slot.assigned) {
			return false;
		}
		if (slot.processor != null) {
			return true;
		}
		if (!this.leases.tryAcquire(slot.partition)) {
			return false;
		}
		// only now, with the lease: whoever held it before can no longer write, so this is its last state
		PartitionProcessor processor;
		try {
			processor = restore(slot);
		}
		catch (RuntimeException ex) {
			slot.drop();
			throw ex;
		}
		log.info("Partition {}: lease taken by {}, state restored ({} windows{})", slot.partition,
				this.leases.instanceId(), processor.stats().windows(),
				(slot.unpublished != null) ? ", an outbox to re-publish" : "");
		return true;
	}

	private PartitionProcessor restore(PartitionSlot slot) {
		Instant now = this.clock.instant();
		PartitionSnapshot snapshot = this.store.load(slot.partition, this.pipelineNames);
		PartitionProcessor processor = PartitionProcessor.restore(slot.partition, this.pipelines, this.versions,
				snapshot, now, PartitionProcessor.DEFAULT_REDELIVERY_GRACE, this.sourceExpiry);
		processor.dropped()
			.forEach((pipeline, reason) -> log.warn("Partition {}: pipeline '{}' starts empty here: {}", slot.partition,
					pipeline, reason));
		slot.hold(processor, this.store.loadOutbox(slot.partition, snapshot));
		return processor;
	}

	/** Who holds a partition's lease, for the log. */
	String ownerOrUnknown(int partition) {
		try {
			String owner = this.leases.owner(partition);
			return (owner != null) ? owner : "nobody";
		}
		catch (RuntimeException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
	}

	/** The partitions served, held or not. */
	List<Integer> served() {
		return List.copyOf(this.slots.keySet());
	}

	/** The partitions whose lease this instance holds and whose state it has restored. */
	List<Integer> held() {
		return this.slots.values().stream().filter((s) -> s.held).map((s) -> s.partition).toList();
	}

	/** The watermarks each served partition last wrote as its status. */
	Map<Integer, Map<String, Instant>> watermarks() {
		Map<Integer, Map<String, Instant>> result = new TreeMap<>();
		this.slots.forEach((p, slot) -> result.put(p, slot.lastStatus));
		return result;
	}

}
