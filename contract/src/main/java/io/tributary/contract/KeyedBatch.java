package io.tributary.contract;

import java.util.List;

/** Keyed events for one partition, sent as one broker message to that partition's queue. */
public record KeyedBatch(int partition, List<KeyedEvent> events) {

	public KeyedBatch {
		if (partition < 0) {
			throw new IllegalArgumentException("partition must be >= 0");
		}
		events = List.copyOf(events);
	}

}
