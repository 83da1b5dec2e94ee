package io.tributary.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The events of one ingestion request (or one broker message), sent to processing as one broker
 * message so that batching holds at every boundary; or, with no events, an ingestion instance's
 * progress markers (header {@link Headers#MESSAGE_TYPE} {@code progress}). A reader that does not
 * know {@code progress} ignores the field, and a message without it has none; it is left out of the JSON when empty.
 *
 * @param progress progress markers for the stream of the message (see {@link StreamProgress})
 */
public record EventBatch(List<Event> events,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<StreamProgress> progress) {

	public EventBatch(List<Event> events, @Nullable List<StreamProgress> progress) {
		this.events = List.copyOf(events);
		this.progress = (progress == null) ? List.of() : List.copyOf(progress);
	}

	public EventBatch(List<Event> events) {
		this(events, List.of());
	}

	/** A message that only carries a progress marker. */
	public static EventBatch progress(StreamProgress marker) {
		return new EventBatch(List.of(), List.of(marker));
	}

}
