package io.tributary.processing.stream;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.StreamTime;

/**
 * What one delivery holds for one partition: its keyed events in delivery order, and the progress
 * markers and stream times that came with them, applied after the events (a marker applied late
 * vouches for less; applied early, it could vouch for events still to come; a stream time applied
 * early could turn the events it came with late).
 */
record PartitionInput(List<KeyedEvent> events, List<StreamProgress> progress, List<StreamTime> streamTimes) {

	PartitionInput() {
		this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(1));
	}

}
