package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An event that a pipeline could not process (its filter or key expression failed on the event's
 * data, a lookup had no entry for the event's key, ...), kept with the reason.
 *
 * @param pipeline the pipeline that rejected it, or null when rejected before any pipeline
 */
public record DeadLetterRecord(String stream, @Nullable String pipeline, String eventId, Instant eventTime,
		Instant recordedAt, String reason, Map<String, Object> data) {

	public DeadLetterRecord {
		data = DataMaps.copy(data);
	}

}
