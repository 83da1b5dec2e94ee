package io.tributary.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Keyed events for one partition, sent as one broker message to that partition's queue, followed by
 * the progress markers the route stage read with them or before them and how far each stream's event
 * time came in the delivery they were routed from ({@link StreamTime}): every partition gets every
 * marker and stream time, since any partition may hold a stream's keys. A reader that does not know
 * {@code progress} or {@code streamTimes} ignores the field, and a message without it has none; each
 * is left out of the JSON when empty.
 */
public record KeyedBatch(int partition, List<KeyedEvent> events,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<StreamProgress> progress,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<StreamTime> streamTimes) {

	public KeyedBatch(int partition, List<KeyedEvent> events, @Nullable List<StreamProgress> progress,
			@Nullable List<StreamTime> streamTimes) {
		if (partition < 0) {
			throw new IllegalArgumentException("partition must be >= 0");
		}
		this.partition = partition;
		this.events = List.copyOf(events);
		this.progress = (progress == null) ? List.of() : List.copyOf(progress);
		this.streamTimes = (streamTimes == null) ? List.of() : List.copyOf(streamTimes);
	}

	public KeyedBatch(int partition, List<KeyedEvent> events, @Nullable List<StreamProgress> progress) {
		this(partition, events, progress, List.of());
	}

	public KeyedBatch(int partition, List<KeyedEvent> events) {
		this(partition, events, List.of());
	}

}
