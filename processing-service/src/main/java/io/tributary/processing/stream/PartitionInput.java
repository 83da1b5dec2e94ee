package io.tributary.processing.stream;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.StreamProgress;

/**
 * What one delivery holds for one partition: its keyed events in delivery order, and the progress
 * markers that came with them, applied after the events (a marker applied late vouches for less;
 * applied early, it could vouch for events still to come).
 */
record PartitionInput(List<KeyedEvent> events, List<StreamProgress> progress) {

	PartitionInput() {
		this(new ArrayList<>(), new ArrayList<>());
	}

}
