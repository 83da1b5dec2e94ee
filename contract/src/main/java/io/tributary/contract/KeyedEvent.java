package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An event after a pipeline's filter, enrichment and key-by: what the windowing stage of that
 * pipeline needs, addressed to the partition that owns {@code (pipeline, key)}.
 *
 * @param values the enriched event fields that the pipeline's aggregations read
 * @param apiKey the name of the API key whose request published the event (for a dead letter the
 *               window stage may make of it), or null; left out of the wire format when null
 */
public record KeyedEvent(String pipeline, String key, String eventId, String ingestId, Instant eventTime,
		Map<String, Object> values, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String apiKey) {

	public KeyedEvent {
		values = DataMaps.copy(values);
	}

	/** A keyed event no API key published. */
	public KeyedEvent(String pipeline, String key, String eventId, String ingestId, Instant eventTime,
			Map<String, Object> values) {
		this(pipeline, key, eventId, ingestId, eventTime, values, null);
	}

}
