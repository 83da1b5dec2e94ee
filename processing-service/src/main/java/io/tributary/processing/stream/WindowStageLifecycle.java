package io.tributary.processing.stream;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the window stage: on start it serves the statically owned partitions (ticks
 * retry the leases held elsewhere); on stop it writes every partition's last checkpoint and
 * releases the leases. Its phase, {@link WindowStage#PHASE}, puts that between the input bindings
 * and the {@link Ticker}.
 */
final class WindowStageLifecycle implements SmartLifecycle {

	// the window stage's log: one place for operators to read
	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	private final PartitionSlots slots;

	private final List<Integer> staticPartitions;

	private final String instanceId;

	private volatile boolean running;

	/** @param staticPartitions the partitions this instance owns statically: acquired on start */
	WindowStageLifecycle(PartitionSlots slots, List<Integer> staticPartitions, String instanceId) {
		this.slots = slots;
		this.staticPartitions = List.copyOf(staticPartitions);
		this.instanceId = instanceId;
	}

	/** Acquires and restores the statically owned partitions whose leases are free; ticks retry the rest. */
	@Override
	public void start() {
		this.running = true;
		this.slots.open();
		for (int p : this.staticPartitions) {
			this.slots.acquire(p);
		}
		log.info("Window stage {} serves partitions {}; holds the leases of {}", this.instanceId,
				this.staticPartitions, this.slots.held());
	}

	/** Writes the last checkpoint of every partition and releases the leases. */
	@Override
	public void stop() {
		this.running = false;
		this.slots.close();
		this.slots.releaseAll();
		log.info("Window stage {} stopped: leases released", this.instanceId);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WindowStage.PHASE;
	}

}
