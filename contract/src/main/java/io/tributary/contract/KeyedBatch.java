package io.tributary.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Keyed events for one partition, sent as one broker message to that partition's queue, followed by
 * the progress markers the route stage read with them or before them (every partition gets every
 * marker, since any partition may hold a stream's keys). A reader that does not know {@code progress}
 * ignores the field, and a message without it has none; it is left out of the JSON when empty.
 */
public record KeyedBatch(int partition, List<KeyedEvent> events,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<StreamProgress> progress) {

	public KeyedBatch(int partition, List<KeyedEvent> events, @Nullable List<StreamProgress> progress) {
		if (partition < 0) {
			throw new IllegalArgumentException("partition must be >= 0");
		}
		this.partition = partition;
		this.events = List.copyOf(events);
		this.progress = (progress == null) ? List.of() : List.copyOf(progress);
	}

	public KeyedBatch(int partition, List<KeyedEvent> events) {
		this(partition, events, List.of());
	}

}
