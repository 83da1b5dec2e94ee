package io.tributary.contract;

import java.util.List;

/**
 * The events of one ingestion request (or one broker message), sent to processing as one broker
 * message so that batching holds at every boundary.
 */
public record EventBatch(List<Event> events) {

	public EventBatch {
		events = List.copyOf(events);
	}

}
