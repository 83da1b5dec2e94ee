package io.tributary.processing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tributary.processing.stream.WindowStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.context.SmartLifecycle;

/**
 * The standby consumers ({@code windowStandby-in-0}, the queues of the partitions this instance does
 * not own): subscribes them a while after the start and hands partitions back to their owners.
 *
 * <p>A partition queue has a single active consumer, the first to subscribe: instances started
 * together subscribe to their own partitions first, so each partition's owner is its active consumer
 * and the standbys wait behind it. After a failover the partitions a standby took over stay with it
 * until their owner, back, has waited {@code standby.hand-back-after} ({@link WindowStage#handBackDue});
 * then the standby consumers stop (the broker makes the owners the active consumers, and what this
 * instance had not acknowledged goes back to the queues, in order), the partitions are released (last
 * checkpoint, lease given up: the owner continues from there) and the consumers subscribe again,
 * behind the owners. Starts after the input bindings; the bindings' own lifecycle stops the consumers
 * with the others.
 */
final class StandbySubscription implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StandbySubscription.class);

	/** How often the stage is asked whether a partition should go back to its owner. */
	private static final Duration HAND_BACK_CHECK = Duration.ofSeconds(1);

	private final @Nullable BindingsLifecycleController bindings;

	private final WindowStage stage;

	private final Duration after;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile boolean running;

	/**
	 * @param bindings the bindings' controller; null when there is nothing to stand by for (Kafka, whose
	 *                 consumer group moves partitions itself, or an instance that owns every partition)
	 */
	StandbySubscription(@Nullable BindingsLifecycleController bindings, WindowStage stage, Duration after) {
		this.bindings = bindings;
		this.stage = stage;
		this.after = after;
	}

	@Override
	public void start() {
		this.running = true;
		BindingsLifecycleController bindings = this.bindings;
		if (bindings == null) {
			log.info("Standby is on, but this instance owns every partition or runs on Kafka: nothing to stand by for");
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "standby-subscription");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = scheduler;
		scheduler.schedule(() -> subscribe(bindings), this.after.toMillis(), TimeUnit.MILLISECONDS);
		scheduler.scheduleWithFixedDelay(() -> handBackIfDue(bindings), this.after.plus(HAND_BACK_CHECK).toMillis(),
				HAND_BACK_CHECK.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void subscribe(BindingsLifecycleController bindings) {
		if (!this.running) {
			return;
		}
		try {
			bindings.start(PartitionOwnership.STANDBY_BINDING);
			log.info("Standing by for the partitions other instances own: {} subscribed", PartitionOwnership.STANDBY_BINDING);
		}
		catch (RuntimeException ex) {
			log.warn("Could not subscribe the standby consumers ({}): this instance does not stand in for others",
					ex.getMessage());
		}
	}

	private void handBackIfDue(BindingsLifecycleController bindings) {
		if (!this.running || !this.stage.handBackDue()) {
			return;
		}
		try {
			bindings.stop(PartitionOwnership.STANDBY_BINDING);
			List<Integer> released = this.stage.releaseStandby();
			log.info("Partitions {} handed back to their owners, which waited for them", released);
		}
		catch (RuntimeException ex) {
			log.warn("Could not hand partitions back to their owners: {}", ex.getMessage());
		}
		finally {
			subscribe(bindings);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the input bindings ({@code DEFAULT_PHASE - 3000}) start; stops before them. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1000;
	}

}
