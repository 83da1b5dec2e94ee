package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Alert;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.checkpoint.LeaseLostException;
import io.tributary.processing.checkpoint.PartitionLeases;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.window.Checkpoint;
import io.tributary.processing.window.PartitionProcessor;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.publish.ConfirmedPublisher.Outgoing;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The window stage of the partitions this instance serves. A partition's state is only restored,
 * and only checkpointed, while this instance holds the partition's lease in Redis, so instances
 * whose ownership overlaps in time (a rescale, a rolling update) never work on the same state. For
 * each input batch: apply the events, advance, write the fenced checkpoint (state, ids of counted
 * events, outbox) to Redis atomically, publish the outbox with confirms, and only then return so the
 * binder acks the input. See docs/architecture.md, "Exactly-once results" and "Partition leases".
 *
 * <p>{@link #acquire} and {@link #release} are what a dynamic assignment (consumer-group rebalancing)
 * calls on assignment and revocation; with static ownership, {@link #start} acquires the statically
 * owned partitions, ticks retry those held elsewhere, and {@link #stop} releases them all.
 */
public class WindowStage implements SmartLifecycle {

	/**
	 * Stops after the input bindings ({@code DEFAULT_PHASE - 3000}: no new input) and before the
	 * {@link Ticker}, so the last checkpoints are written and the leases released while nothing
	 * consumes any more, and the leases are refreshed until then.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4000;

	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	/** How often a delivery that waits for a lease says so. */
	private static final Duration WAIT_LOG_INTERVAL = Duration.ofSeconds(30);

	/** Pause before a failed batch is handed back for redelivery, so a Redis outage is not a busy loop. */
	private static final Duration FAILURE_BACKOFF = Duration.ofMillis(500);

	private final Map<Integer, Slot> slots = new ConcurrentSkipListMap<>();

	private final List<Integer> staticPartitions;

	private final Collection<PipelineDefinition> pipelines;

	private final Map<String, String> sourceOf = new HashMap<>();

	private final RedisCheckpointStore store;

	private final PartitionLeases leases;

	private final ConfirmedPublisher publisher;

	private final Clock clock;

	private final Duration leasePoll;

	private final Counter results;

	private final Counter late;

	private final Counter malformed;

	private final Counter leasesLost;

	private volatile boolean running;

	/**
	 * Deliveries waiting for a lease. They hold up the consumer, and with it the input of every other
	 * partition it serves (one Kafka consumer serves all assigned partitions), so meanwhile no
	 * partition's idle clock runs: see {@link PartitionProcessor#inputStalled}.
	 */
	private final AtomicInteger waitingForLease = new AtomicInteger();

	/**
	 * @param ownedPartitions the partitions this instance owns statically: acquired on {@link #start}
	 * @param leasePoll       how often a delivery for a partition leased to another instance checks
	 *                        the lease again
	 */
	public WindowStage(List<Integer> ownedPartitions, Collection<PipelineDefinition> pipelines,
			RedisCheckpointStore store, PartitionLeases leases, ConfirmedPublisher publisher, Clock clock,
			Duration leasePoll, MeterRegistry meters) {
		this.staticPartitions = List.copyOf(ownedPartitions);
		this.pipelines = List.copyOf(pipelines);
		pipelines.forEach((p) -> this.sourceOf.put(p.name(), p.source()));
		this.store = store;
		this.leases = leases;
		this.publisher = publisher;
		this.clock = clock;
		this.leasePoll = leasePoll;
		this.results = meters.counter("tributary.window.results");
		this.late = meters.counter("tributary.window.late.events");
		this.malformed = meters.counter("tributary.window.malformed.messages");
		this.leasesLost = meters.counter("tributary.window.leases.lost");
		Gauge.builder("tributary.window.partitions.held", this, (s) -> s.heldPartitions().size())
			.description("partitions whose lease this instance holds")
			.register(meters);
	}

	/**
	 * One partition this instance serves: its lock, its processor (present exactly while this instance
	 * holds the lease and has restored the state) and what it emitted that storage may not have yet.
	 */
	private static final class Slot {

		final int partition;

		/** Serialises deliveries, ticks and release; a tick skips a slot a delivery is working on. */
		final ReentrantLock lock = new ReentrantLock();

		boolean assigned = true;

		volatile boolean held;

		@Nullable PartitionProcessor processor;

		@Nullable ResultBatch unpublished;

		Map<String, Instant> lastStatus = Map.of();

		Slot(int partition) {
			this.partition = partition;
		}

	}

	// --- lifecycle and assignment ---------------------------------------------------------------------

	/** Acquires and restores the statically owned partitions whose leases are free; ticks retry the rest. */
	@Override
	public void start() {
		this.running = true;
		for (int p : this.staticPartitions) {
			acquire(p);
		}
		log.info("Window stage {} serves partitions {}; holds the leases of {}", this.leases.instanceId(),
				this.staticPartitions, heldPartitions());
	}

	/** Writes the last checkpoint of every partition and releases the leases. */
	@Override
	public void stop() {
		this.running = false;
		for (Integer p : List.copyOf(this.slots.keySet())) {
			release(p);
		}
		log.info("Window stage {} stopped: leases released", this.leases.instanceId());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Starts serving a partition: takes its lease if nobody holds it and restores its state from the
	 * last checkpoint. When another instance holds the lease, the partition stays served but not held:
	 * ticks and deliveries keep trying. Call it when the partition is assigned to this instance.
	 * @return whether this instance holds the lease now
	 */
	public boolean acquire(int partition) {
		if (!this.running) {
			throw new IllegalStateException("The window stage is not running");
		}
		Slot slot = this.slots.computeIfAbsent(partition, Slot::new);
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
	 * publishes its outbox, releases the lease and forgets the state. Call it when the partition is
	 * revoked (and, for all, on shutdown) after its consumer has stopped. If the last checkpoint or
	 * publish fails, the next owner continues from the previous checkpoint and re-publishes its outbox:
	 * acked input is always in a checkpoint already.
	 */
	public void release(int partition) {
		Slot slot = this.slots.remove(partition);
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
				commit(slot, processor, List.of());
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
			drop(slot);
		}
		finally {
			slot.lock.unlock();
		}
	}

	/** The partitions this instance serves, held or not. */
	public List<Integer> servedPartitions() {
		return List.copyOf(this.slots.keySet());
	}

	/** The partitions whose lease this instance holds and whose state it has restored. */
	public List<Integer> heldPartitions() {
		return this.slots.values().stream().filter((s) -> s.held).map((s) -> s.partition).toList();
	}

	/** The id this instance writes into the leases it holds. */
	public String instanceId() {
		return this.leases.instanceId();
	}

	// --- input and clock --------------------------------------------------------------------------------

	/**
	 * Applies a batch of keyed messages. A partition whose lease another instance holds makes the
	 * delivery wait for the lease (the input stays unacked and in order) until it is ours, the stage
	 * stops or the partition is revoked; then it is handed back for redelivery.
	 */
	public void handle(List<byte[]> payloads) {
		Map<Integer, List<KeyedEvent>> byPartition = new TreeMap<>();
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
						+ ", which this instance does not serve " + this.slots.keySet());
			}
			apply(slot, events);
		});
	}

	private void apply(Slot slot, List<KeyedEvent> events) {
		while (true) {
			awaitLease(slot);
			RuntimeException failure = null;
			try {
				applyHeld(slot, events);
				return;
			}
			catch (LeaseLostException ex) {
				// someone else owns the partition now and the state was dropped. Rather than requeue
				// this batch (batches prefetched behind it would overtake it and could turn its events
				// late), wait for the lease again and apply it to the state the checkpoint then holds
				log.info("Partition {}: the batch waits to be applied on the new checkpoint", slot.partition);
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			finally {
				slot.lock.unlock();
			}
			if (failure != null) {
				sleep(FAILURE_BACKOFF);
				throw failure;
			}
		}
	}

	/** Returns with the slot locked and its lease held, or throws when it cannot be had any more. */
	private void awaitLease(Slot slot) {
		boolean[] counted = { false };
		try {
			awaitLease(slot, counted);
		}
		finally {
			if (counted[0]) {
				this.waitingForLease.decrementAndGet();
			}
		}
	}

	/** Sets {@code counted[0]} once it counts itself in {@link #waitingForLease}. */
	private void awaitLease(Slot slot, boolean[] counted) {
		long started = System.nanoTime();
		long nextLog = started;
		while (true) {
			slot.lock.lock();
			boolean held = false;
			try {
				held = holdOrTake(slot);
			}
			catch (RuntimeException ex) {
				slot.lock.unlock();
				sleep(FAILURE_BACKOFF);
				throw ex;
			}
			if (held) {
				if (System.nanoTime() - started > this.leasePoll.toNanos()) {
					log.info("Partition {}: lease taken after waiting {} ms", slot.partition,
							(System.nanoTime() - started) / 1_000_000);
				}
				return;
			}
			slot.lock.unlock();
			if (!counted[0]) {
				this.waitingForLease.incrementAndGet();
				counted[0] = true;
			}
			if (!this.running || !slot.assigned) {
				throw new IllegalStateException("Partition " + slot.partition
						+ " is no longer served here; its input goes back to the queue");
			}
			if (System.nanoTime() - nextLog >= 0) {
				log.info("Partition {}: input waits for the lease, held by {}", slot.partition, ownerOrUnknown(slot.partition));
				nextLog = System.nanoTime() + WAIT_LOG_INTERVAL.toNanos();
			}
			sleep(this.leasePoll);
		}
	}

	private void applyHeld(Slot slot, List<KeyedEvent> events) {
		PartitionProcessor processor = slot.processor;
		if (processor == null) {
			throw new IllegalStateException("partition " + slot.partition + " held without state");
		}
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
					rejected.add(new DeadLetterRecord(this.sourceOf.getOrDefault(event.pipeline(), "-"), event.pipeline(),
							event.eventId(), event.eventTime(), now, "window stage: " + ex.getMessage(), event.values()));
				}
			}
			processor.advance(now);
			commit(slot, processor, rejected);
		}
		catch (RuntimeException ex) {
			// this batch will be applied again: ids it counted must be recognised as redeliveries,
			// not mistaken for late events once their windows close
			if (slot.processor != null) {
				slot.processor.expectRedeliveries(now);
			}
			throw ex;
		}
	}

	/**
	 * Refreshes the leases held, retries those that are not, and advances every held partition by the
	 * clock: idle watermarks, interim and final results.
	 */
	public void tick() {
		if (!this.running) {
			return;
		}
		for (Slot slot : this.slots.values()) {
			// a delivery is being applied: its checkpoint refreshes the lease and advances the partition
			if (!slot.lock.tryLock()) {
				continue;
			}
			try {
				if (!this.running || !slot.assigned) {
					continue;
				}
				if (slot.processor != null && !this.leases.refresh(slot.partition)) {
					lost(slot, "it expired or was taken (held by " + ownerOrUnknown(slot.partition) + ")");
				}
				if (!holdOrTake(slot)) {
					continue;
				}
				PartitionProcessor processor = slot.processor;
				if (processor != null && this.waitingForLease.get() > 0) {
					// input may be queued behind the delivery that waits: not idle, just held up
					processor.inputStalled(this.clock.instant());
				}
				else if (processor != null) {
					processor.advance(this.clock.instant());
					commit(slot, processor, List.of());
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not advance partition {}: {}", slot.partition, ex.getMessage());
			}
			finally {
				slot.lock.unlock();
			}
		}
	}

	public Map<Integer, Map<String, Instant>> watermarks() {
		Map<Integer, Map<String, Instant>> result = new TreeMap<>();
		this.slots.forEach((p, slot) -> result.put(p, slot.lastStatus));
		return result;
	}

	// --- state and lease of one slot (slot locked) ------------------------------------------------------

	/** True when the slot holds its lease and state, taking the lease and restoring if it is free. */
	private boolean holdOrTake(Slot slot) {
		if (!this.running || !slot.assigned) {
			return false;
		}
		if (slot.processor != null) {
			return true;
		}
		if (!this.leases.tryAcquire(slot.partition)) {
			return false;
		}
		// only now, with the lease: whoever held it before can no longer write, so this is its last state
		try {
			restore(slot);
		}
		catch (RuntimeException ex) {
			drop(slot);
			throw ex;
		}
		log.info("Partition {}: lease taken by {}, state restored ({} windows{})", slot.partition,
				this.leases.instanceId(), slot.processor.stats().windows(),
				(slot.unpublished != null) ? ", an outbox to re-publish" : "");
		return true;
	}

	private void restore(Slot slot) {
		Instant now = this.clock.instant();
		List<String> names = this.pipelines.stream().map(PipelineDefinition::name).toList();
		PartitionProcessor processor = PartitionProcessor.restore(slot.partition, this.pipelines,
				this.store.load(slot.partition, names), now);
		slot.unpublished = this.store.loadOutbox(slot.partition);
		slot.processor = processor;
		slot.held = true;
	}

	private void drop(Slot slot) {
		slot.processor = null;
		slot.unpublished = null;
		slot.held = false;
	}

	private void lost(Slot slot, String why) {
		drop(slot);
		this.leasesLost.increment();
		log.warn("Partition {}: lease lost, {}: in-memory state dropped", slot.partition, why);
	}

	private void commit(Slot slot, PartitionProcessor processor, List<DeadLetterRecord> rejected) {
		Checkpoint checkpoint = processor.checkpoint();
		if (checkpoint.isEmpty() && slot.unpublished == null && rejected.isEmpty()) {
			return;
		}
		ResultBatch outbox = merge(merge(slot.unpublished, checkpoint.outbox()),
				new ResultBatch(List.of(), List.of(), rejected));
		try {
			this.store.write(checkpoint.withOutbox(outbox));
		}
		catch (LeaseLostException ex) {
			lost(slot, "the checkpoint was refused");
			throw ex;
		}
		catch (RuntimeException ex) {
			// memory is now ahead of Redis; the input will be applied again, so start again from the
			// last checkpoint (after taking the lease again) rather than carry on from a state Redis
			// does not have
			drop(slot);
			throw ex;
		}
		if (!outbox.isEmpty()) {
			slot.unpublished = outbox;
			this.publisher.publishAll(List.of(new Outgoing(RouteStage.RESULTS_BINDING, outbox)));
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

	private String ownerOrUnknown(int partition) {
		try {
			String owner = this.leases.owner(partition);
			return (owner != null) ? owner : "nobody";
		}
		catch (RuntimeException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static ResultBatch merge(@Nullable ResultBatch pending, ResultBatch fresh) {
		if (pending == null || pending.isEmpty()) {
			return fresh;
		}
		if (fresh.isEmpty()) {
			return pending;
		}
		List<WindowResult> results = new ArrayList<>(pending.results());
		results.addAll(fresh.results());
		List<LateEventRecord> late = new ArrayList<>(pending.late());
		late.addAll(fresh.late());
		List<DeadLetterRecord> dead = new ArrayList<>(pending.deadLetters());
		dead.addAll(fresh.deadLetters());
		// in this order: a retraction never reaches storage before the result that replaces it
		List<WindowRetraction> retractions = new ArrayList<>(pending.retractions());
		retractions.addAll(fresh.retractions());
		List<Alert> alerts = new ArrayList<>(pending.alerts());
		alerts.addAll(fresh.alerts());
		return new ResultBatch(results, late, dead, retractions, alerts);
	}

}
