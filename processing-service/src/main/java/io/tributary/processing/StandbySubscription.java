package io.tributary.processing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.context.SmartLifecycle;

/**
 * Subscribes the standby consumers ({@code windowStandby-in-0}, the queues of the partitions this
 * instance does not own) a while after the start. A partition queue has a single active consumer, the
 * first to subscribe: instances started together subscribe to their own partitions first, so each
 * partition's owner is its active consumer and the standbys wait behind it. Starts after the input
 * bindings; the bindings' own lifecycle stops the standby consumers with the others.
 */
final class StandbySubscription implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StandbySubscription.class);

	private final @Nullable BindingsLifecycleController bindings;

	private final Duration after;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile boolean running;

	/**
	 * @param bindings the bindings' controller; null when there is nothing to stand by for (Kafka, whose
	 *                 consumer group moves partitions itself, or an instance that owns every partition)
	 */
	StandbySubscription(@Nullable BindingsLifecycleController bindings, Duration after) {
		this.bindings = bindings;
		this.after = after;
	}

	@Override
	public void start() {
		this.running = true;
		if (this.bindings == null) {
			log.info("Standby is on, but this instance owns every partition or runs on Kafka: nothing to stand by for");
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "standby-subscription");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = scheduler;
		scheduler.schedule(() -> subscribe(this.bindings), this.after.toMillis(), TimeUnit.MILLISECONDS);
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
