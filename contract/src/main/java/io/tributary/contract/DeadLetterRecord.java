package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An event that a pipeline could not process (its filter or key expression failed on the event's
 * data, a lookup had no entry for the event's key, ...), kept with the reason.
 *
 * @param pipeline the pipeline that rejected it, or null when rejected before any pipeline
 * @param apiKey   the name (never the key) of the API key whose HTTP request published the event, or
 *                 null when it came from a broker publisher (or before records carried it)
 */
public record DeadLetterRecord(String stream, @Nullable String pipeline, String eventId, Instant eventTime,
		Instant recordedAt, String reason, Map<String, Object> data,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String apiKey) {

	public DeadLetterRecord {
		data = DataMaps.copy(data);
	}

	/** A record of an event no API key published. */
	public DeadLetterRecord(String stream, @Nullable String pipeline, String eventId, Instant eventTime,
			Instant recordedAt, String reason, Map<String, Object> data) {
		this(stream, pipeline, eventId, eventTime, recordedAt, reason, data, null);
	}

}
