package io.tributary.processing.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a lease found lost (expired, taken, or a checkpoint refused): the in-memory state is
 * dropped, since another instance may work on the partition now, and the loss is counted and logged.
 */
final class LostLeases {

	private static final Logger log = LoggerFactory.getLogger(WindowStage.class);

	private final Counter lost;

	LostLeases(MeterRegistry meters) {
		this.lost = meters.counter("tributary.window.leases.lost");
	}

	/** Drops the slot's state (slot locked). */
	void lost(PartitionSlot slot, String why) {
		slot.drop();
		this.lost.increment();
		log.warn("Partition {}: lease lost, {}: in-memory state dropped", slot.partition, why);
	}

}
