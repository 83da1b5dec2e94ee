package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.StreamTime;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.checkpoint.LeaseLostException;
import io.tributary.processing.checkpoint.PartitionLeases;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.window.PartitionProcessor;
import io.tributary.support.broker.FailureBackoff;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Applies keyed input and the clock to the partitions this instance serves, composing the partition
 * slots, the input decoding, the lease wait and the checkpointer. For each input batch: apply the
 * events, advance, write the fenced checkpoint (state, ids of counted events, outbox) to Redis
 * atomically, publish the outbox with confirms, and only then let the input be acknowledged: at once
 * ({@link #handle}), or with the checkpoint that covers it among the deliveries of the last moments
 * ({@link #accept}, group commit). See docs/architecture.md, "Exactly-once results", "Group commit"
 * and "Partition leases".
 *
 * <p>{@link #acquire} and {@link #release} are what a dynamic assignment (consumer-group rebalancing)
 * calls on assignment and revocation; with static ownership, its {@link #lifecycle()} acquires the
 * statically owned partitions on start, ticks retry those held elsewhere, and stop releases them all.
 */
public class WindowStage {

	/**
	 * Stops after the input bindings ({@code DEFAULT_PHASE - 3000}: no new input) and before the
	 * {@link Ticker}, so the last checkpoints are written and the leases released while nothing
	 * consumes any more, and the leases are refreshed until then.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4000;

	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	/** How often the state sizes reported as metrics are taken (they walk the state). */
	private static final Duration SIZE_INTERVAL = Duration.ofSeconds(5);

	/**
	 * How the stage waits.
	 * @param leasePoll         how often a delivery for a partition leased to another instance checks
	 *                          the lease again
	 * @param failureBackoff    pause between attempts at a delivery that failed (Redis or the broker
	 *                          unavailable), so an outage is not a busy loop; doubles while failures continue
	 * @param maxFailureBackoff the longest such pause
	 * @param maxRetryInPlace   how long a failed delivery is retried in place (holding its input,
	 *                          unacked and in order) before it is handed back for redelivery; below the
	 *                          broker's limit on an unacked delivery (RabbitMQ {@code consumer_timeout},
	 *                          Kafka {@code max.poll.interval.ms})
	 * @param sourceExpiry      how long an ingestion instance's last progress marker counts without a
	 *                          newer one
	 * @param standby           standby (RabbitMQ, a single active consumer per partition queue); null:
	 *                          none, deliveries wait for a lease as long as it is held
	 */
	public record Timing(Duration leasePoll, Duration failureBackoff, Duration maxFailureBackoff,
			Duration maxRetryInPlace, Duration sourceExpiry, @Nullable Standby standby) {

		/** Without standby. */
		public Timing(Duration leasePoll, Duration failureBackoff, Duration maxFailureBackoff, Duration maxRetryInPlace,
				Duration sourceExpiry) {
			this(leasePoll, failureBackoff, maxFailureBackoff, maxRetryInPlace, sourceExpiry, null);
		}

		/** Retrying in place for 10 minutes, sources expiring after 10 s. */
		public Timing(Duration leasePoll, Duration failureBackoff, Duration maxFailureBackoff) {
			this(leasePoll, failureBackoff, maxFailureBackoff, Duration.ofMinutes(10),
					PartitionProcessor.DEFAULT_SOURCE_EXPIRY);
		}

	}

	/**
	 * How the stage stands by for partitions it does not own.
	 * @param takeOverAfter a partition this instance does not own is served once the broker delivers its
	 *                      input here, and a delivery whose lease another instance holds takes the lease
	 *                      over after waiting this long for its release
	 * @param handBackAfter a partition held that way is handed back ({@link #handBackDue}) once its owner
	 *                      has waited for it this long
	 */
	public record Standby(Duration takeOverAfter, Duration handBackAfter) {
	}

	private final PartitionSlots slots;

	/** With standby: when partitions taken over go back to their owners. */
	private final @Nullable StandbyHandBack handBack;

	private final KeyedInput input;

	private final LeaseWait leaseWait;

	private final Checkpointer checkpointer;

	private final LostLeases lostLeases;

	private final FailureBackoff backoff;

	private final PartitionLeases leases;

	private final Clock clock;

	private final WindowStageLifecycle lifecycle;

	private final PartitionMetrics metrics;

	private final AcceptLagTracker acceptLag;

	/**
	 * Deliveries retried in place. Like those waiting for a lease they hold up their consumer and with
	 * it other partitions' input, so meanwhile no partition's idle clock runs.
	 */
	private final InPlaceRetries retries;

	/** Messages delivered to {@link #accept} whose checkpoint has not completed yet. */
	private final AtomicInteger unacknowledged = new AtomicInteger();

	private volatile GroupCommit groupCommit = GroupCommit.NONE;

	private volatile PartitionTasks partitionTasks = new PartitionTasks(UnaryOperator.identity());

	/**
	 * @param ownedPartitions the partitions this instance owns statically: acquired on start
	 * @param versions        each pipeline's version (absent: 1): state of another version is not restored
	 */
	public WindowStage(List<Integer> ownedPartitions, Collection<PipelineDefinition> pipelines,
			Map<String, Long> versions, RedisCheckpointStore store, PartitionLeases leases, ConfirmedPublisher publisher, Clock clock,
			Timing timing, MeterRegistry meters) {
		this.leases = leases;
		this.clock = clock;
		this.lostLeases = new LostLeases(meters);
		this.metrics = new PartitionMetrics(meters, clock, this::isHeld, SIZE_INTERVAL);
		this.acceptLag = new AcceptLagTracker(clock::millis, meters);
		this.checkpointer = new Checkpointer(store, publisher, this.lostLeases, meters, this.metrics);
		Standby standby = timing.standby();
		this.slots = new PartitionSlots(pipelines, versions, store, leases, this.checkpointer, clock,
				timing.sourceExpiry(), standby != null, meters.counter("tributary.window.takeovers")::increment);
		// registered with or without standby, as the takeovers are: dashboards find both at 0
		Counter handedBack = meters.counter("tributary.window.hand.backs");
		this.handBack = (standby != null) ? new StandbyHandBack(leases, standby.handBackAfter(), handedBack) : null;
		this.input = new KeyedInput(pipelines, meters);
		this.backoff = FailureBackoff.sleeping(timing.failureBackoff(), timing.maxFailureBackoff());
		this.leaseWait = new LeaseWait(this.slots, timing.leasePoll(), this.backoff,
				(standby != null) ? standby.takeOverAfter() : null);
		this.retries = new InPlaceRetries(this.slots, this.backoff, timing.maxRetryInPlace());
		this.lifecycle = new WindowStageLifecycle(this.slots, ownedPartitions, leases.instanceId());
		Gauge.builder("tributary.window.partitions.held", this.slots, (s) -> s.held().size())
			.description("partitions whose lease this instance holds")
			.register(meters);
	}

	/**
	 * How a delivery's partitions, applied at the same time on threads of their own, get the
	 * delivery's context (its trace span, carried on by the result batches they publish).
	 * @param context wraps a task, on the delivering thread, to run in that thread's context
	 */
	public void propagateContextWith(UnaryOperator<Runnable> context) {
		this.partitionTasks = new PartitionTasks(context);
	}

	/** Starts and stops the stage with the application (phase {@link #PHASE}). */
	public SmartLifecycle lifecycle() {
		return this.lifecycle;
	}

	// --- assignment -----------------------------------------------------------------------------------

	/**
	 * Starts serving a partition: takes its lease if nobody holds it and restores its state from the
	 * last checkpoint. When another instance holds the lease, the partition stays served but not held:
	 * ticks and deliveries keep trying. Call it when the partition is assigned to this instance.
	 * @return whether this instance holds the lease now
	 */
	public boolean acquire(int partition) {
		return this.slots.acquire(partition);
	}

	/**
	 * Stops serving a partition: waits for the delivery being applied, writes the last checkpoint,
	 * publishes its outbox, releases the lease and forgets the state. Call it when the partition is
	 * revoked (and, for all, on shutdown) after its consumer has stopped. If the last checkpoint or
	 * publish fails, the next owner continues from the previous checkpoint and re-publishes its outbox:
	 * acked input is always in a checkpoint already.
	 */
	public void release(int partition) {
		this.slots.release(partition);
		this.metrics.forget(partition);
	}

	private boolean isHeld(int partition) {
		PartitionSlot slot = this.slots.get(partition);
		return slot != null && slot.held;
	}

	/** The partitions this instance serves, held or not. */
	public List<Integer> servedPartitions() {
		return this.slots.served();
	}

	/** The partitions whose lease this instance holds and whose state it has restored. */
	public List<Integer> heldPartitions() {
		return this.slots.held();
	}

	/** The id this instance writes into the leases it holds. */
	public String instanceId() {
		return this.leases.instanceId();
	}

	public Map<Integer, Map<String, Instant>> watermarks() {
		return this.slots.watermarks();
	}

	/** How long accepted events waited before this stage applied them, for {@link AcceptLagReporter}. */
	AcceptLagTracker acceptLag() {
		return this.acceptLag;
	}

	// --- input and clock --------------------------------------------------------------------------------

	/**
	 * Applies a batch of keyed messages and commits them before it returns (the binder acks the batch
	 * then). A partition whose lease another instance holds makes the delivery wait for the lease (the
	 * input stays unacked and in order) until it is ours, the stage stops or the partition is revoked;
	 * then it is handed back for redelivery. A partition whose checkpoint or publish fails has its
	 * input retried in place the same way.
	 */
	public void handle(List<byte[]> payloads) {
		CompletableFuture<Void> committed = applyAll(payloads, true);
		if (!committed.isDone()) {
			throw new IllegalStateException("A delivery committed at once is not committed");
		}
		committed.join();
	}

	/**
	 * Applies a batch of keyed messages and returns without waiting for its checkpoint (group commit,
	 * for a binder with manual acknowledgements): the returned future completes once every part of
	 * the batch is in a checkpoint, so the batch may be acknowledged, or fails when it must be handed
	 * back for redelivery. A partition's checkpoint covers every delivery it applied since the last:
	 * it is written at once when the partition has output (a window fired, late events, alerts, dead
	 * letters), when its oldest uncommitted delivery is {@link GroupCommit#interval()} old, when the
	 * stage holds {@link GroupCommit#maxMessages()} unacknowledged messages, and by every tick.
	 * Leases and failures are handled as in {@link #handle}.
	 */
	public CompletableFuture<Void> accept(List<byte[]> payloads) {
		int messages = payloads.size();
		this.unacknowledged.addAndGet(messages);
		CompletableFuture<Void> committed;
		try {
			committed = applyAll(payloads, false);
		}
		catch (RuntimeException ex) {
			committed = CompletableFuture.failedFuture(ex);
		}
		committed.whenComplete((ok, failure) -> this.unacknowledged.addAndGet(-messages));
		return committed;
	}

	/** Commits a partition's deliveries together for at most this long, and so many messages stage-wide. */
	public void groupCommit(GroupCommit groupCommit) {
		this.groupCommit = groupCommit;
	}

	/**
	 * Group commit while the input bindings consume, off before they stop (see
	 * {@link GroupCommitLifecycle}); deliveries commit one by one until it starts.
	 */
	public SmartLifecycle groupCommitLifecycle(GroupCommit groupCommit) {
		return new GroupCommitLifecycle(this, groupCommit);
	}

	/**
	 * From now on every delivery is committed at once, and what waits for a checkpoint is committed
	 * now, so its acknowledgements go out while the consumer's channel is open. A checkpoint that
	 * fails here leaves its input unacknowledged: the broker delivers it again.
	 */
	void commitEachDelivery() {
		this.groupCommit = GroupCommit.NONE;
		for (PartitionSlot slot : this.slots.all()) {
			slot.lock.lock();
			try {
				PartitionProcessor processor = slot.processor;
				if (processor != null && !slot.failing && !slot.uncommitted.isEmpty()) {
					this.checkpointer.commit(slot, processor);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Partition {}: could not commit its last deliveries before the consumer stops: {}",
						slot.partition, ex.getMessage());
			}
			finally {
				slot.lock.unlock();
			}
		}
	}

	private CompletableFuture<Void> applyAll(List<byte[]> payloads, boolean commitNow) {
		List<Runnable> partitions = new ArrayList<>();
		List<CompletableFuture<Void>> parts = new ArrayList<>();
		this.input.byPartition(payloads).forEach((partition, input) -> {
			PartitionSlot slot = this.slots.serveDelivered(partition);
			if (slot == null) {
				throw new IllegalStateException("Received events of partition " + partition
						+ ", which this instance does not serve " + this.slots.served());
			}
			CompletableFuture<Void> committed = new CompletableFuture<>();
			parts.add(committed);
			partitions.add(() -> apply(slot, input, committed, commitNow));
		});
		// the partitions' checkpoints and confirms overlap: a final result waits for its own
		// partition's commit, not for every partition the delivery holds
		this.partitionTasks.runAll(partitions);
		return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
	}

	/**
	 * Applies the input, and commits it unless group commit lets it wait, retrying in place until that
	 * succeeded: a batch handed back to the broker would be overtaken by the batches prefetched behind
	 * it, whose newer events would move the watermark past its older ones and turn them late. A failed
	 * checkpoint drops the partition's state (see {@link Checkpointer#commit}); the next attempt
	 * restores the last checkpoint and applies every uncommitted delivery again on it, this one
	 * included. Gives up, handing the partition's uncommitted input back for redelivery, when the
	 * partition is no longer served here, the stage stops, or {@code maxRetryInPlace} passed.
	 */
	private void apply(PartitionSlot slot, PartitionInput input, CompletableFuture<Void> committed, boolean commitNow) {
		boolean applied = false;
		boolean retried = false;
		try (InPlaceRetries.Delivery delivery = this.retries.start(slot)) {
			while (true) {
				RuntimeException failure = null;
				boolean locked = false;
				try {
					this.leaseWait.await(slot);
					locked = true;
					PartitionProcessor processor = heldProcessor(slot);
					Instant now = this.clock.instant();
					// after a failure the attempt commits at once: the consumer stays held until it did
					boolean replayed = replayUncommitted(slot, processor, now);
					if (!applied) {
						this.acceptLag.applied(slot.partition, input.events(), now);
						applyInput(slot, processor, input, now);
						slot.uncommitted.add(input, committed);
						applied = true;
						processor.advance(now);
					}
					if (commitNow || replayed || retried || commitDue(slot, processor)) {
						this.checkpointer.commit(slot, processor);
					}
					delivery.committed();
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
					if (locked) {
						slot.lock.unlock();
					}
				}
				retried = true;
				if (failure != null) {
					try {
						delivery.failed(failure);
					}
					catch (RuntimeException giveUp) {
						handBack(slot, giveUp);
						throw giveUp;
					}
				}
			}
		}
	}

	/** Gives up on a partition's uncommitted input: its deliveries go back to the broker. */
	private void handBack(PartitionSlot slot, RuntimeException failure) {
		slot.lock.lock();
		try {
			if (slot.processor != null) {
				// the state lives on (the checkpoint was written, its publish failed): ids the input
				// counted must be recognised when it comes again, not mistaken for late events
				slot.processor.expectRedeliveries(this.clock.instant());
			}
			slot.uncommitted.failed(failure);
		}
		finally {
			slot.lock.unlock();
		}
	}

	private boolean commitDue(PartitionSlot slot, PartitionProcessor processor) {
		return processor.hasOutput() || !slot.uncommitted.rejected().isEmpty() || slot.unpublished != null
				|| this.groupCommit.due(slot.uncommitted.ageNanos(System.nanoTime()), this.unacknowledged.get());
	}

	private static PartitionProcessor heldProcessor(PartitionSlot slot) {
		PartitionProcessor processor = slot.processor;
		if (processor == null) {
			throw new IllegalStateException("partition " + slot.partition + " held without state");
		}
		return processor;
	}

	/** After the state was dropped and restored: applies the uncommitted input again, in order (slot locked). */
	private boolean replayUncommitted(PartitionSlot slot, PartitionProcessor processor, Instant now) {
		List<PartitionInput> replay = slot.uncommitted.takeReplay();
		if (replay.isEmpty()) {
			return false;
		}
		for (PartitionInput input : replay) {
			applyInput(slot, processor, input, now);
		}
		processor.advance(now);
		log.info("Partition {}: {} uncommitted deliveries applied again on the restored state", slot.partition,
				replay.size());
		return true;
	}

	/** Applies the events, stream times and progress markers to the held state (slot locked). */
	private void applyInput(PartitionSlot slot, PartitionProcessor processor, PartitionInput input, Instant now) {
		for (KeyedEvent event : input.events()) {
			try {
				processor.process(event, now);
			}
			catch (IllegalArgumentException ex) {
				slot.uncommitted.rejected(this.input.rejected(event, now, ex));
			}
		}
		for (StreamTime time : input.streamTimes()) {
			processor.streamTime(time, now);
		}
		for (StreamProgress marker : input.progress()) {
			processor.progress(marker, now);
		}
	}

	// --- standby ----------------------------------------------------------------------------------------

	/**
	 * Whether a partition this instance holds as a standby should go back to its owner: the owner has
	 * waited for it {@link Standby#handBackAfter} (warming up meanwhile). The caller then stops the
	 * standby consumers, so the broker makes the owner the partition's consumer, calls
	 * {@link #releaseStandby} and subscribes them again, behind the owners.
	 */
	public boolean handBackDue() {
		StandbyHandBack handBack = this.handBack;
		return handBack != null && handBack.due(this.slots.all());
	}

	/**
	 * Releases every partition served as a standby (last checkpoint, lease released): call it once the
	 * standby consumers stopped, so that their input now goes to the partitions' owners.
	 * @return the partitions this instance held and released
	 */
	public List<Integer> releaseStandby() {
		List<Integer> released = new ArrayList<>();
		for (PartitionSlot slot : List.copyOf(this.slots.all())) {
			if (slot.standby) {
				if (slot.held) {
					released.add(slot.partition);
					if (this.handBack != null) {
						this.handBack.handedBack();
					}
				}
				release(slot.partition);
			}
		}
		return released;
	}

	/**
	 * Refreshes the leases held, retries those that are not, and advances every held partition by the
	 * clock: idle watermarks, interim and final results.
	 */
	public void tick() {
		if (!this.slots.isOpen()) {
			return;
		}
		for (PartitionSlot slot : this.slots.all()) {
			// a delivery is being applied: its checkpoint refreshes the lease and advances the partition
			if (!slot.lock.tryLock()) {
				continue;
			}
			try {
				if (!this.slots.isOpen() || !slot.assigned || slot.failing) {
					// a failing partition's delivery retries in place and refreshes the lease with its
					// checkpoint; meanwhile its watermark must not move by the clock
					continue;
				}
				if (slot.processor != null && !this.leases.refresh(slot.partition)) {
					this.lostLeases.lost(slot, "it expired or was taken (held by "
							+ this.slots.ownerOrUnknown(slot.partition) + ")");
				}
				// a standby partition's lease is only taken for a delivery: the broker decides who serves it
				if (slot.standby && slot.processor == null) {
					continue;
				}
				if (!this.slots.holdOrTake(slot)) {
					if (this.handBack != null) {
						// an owner whose partition a standby holds: that one hands it back after a while
						this.handBack.ownerWaits(slot);
					}
					continue;
				}
				if (slot.standby && this.handBack != null) {
					this.handBack.lookForOwner(slot);
				}
				PartitionProcessor processor = heldProcessor(slot);
				Instant now = this.clock.instant();
				replayUncommitted(slot, processor, now);
				if (this.leaseWait.anyWaiting() || this.retries.anyRetrying()) {
					// input may be queued behind the delivery that waits: not idle, just held up
					processor.inputStalled(now);
				}
				else {
					processor.advance(now);
				}
				this.checkpointer.commit(slot, processor);
				if (slot.tickFailures > 0) {
					log.info("Partition {}: ticks work again after {} failed", slot.partition, slot.tickFailures);
					slot.tickFailures = 0;
				}
			}
			catch (RuntimeException ex) {
				// once per outage: a tick comes every few hundred milliseconds
				if (slot.tickFailures++ == 0) {
					log.warn("Could not advance partition {}: {}", slot.partition, ex.getMessage());
				}
			}
			finally {
				slot.lock.unlock();
			}
		}
	}

}
