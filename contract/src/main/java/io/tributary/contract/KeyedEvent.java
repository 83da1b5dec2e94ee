package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An event after a pipeline's filter, enrichment and key-by: what the windowing stage of that
 * pipeline needs, addressed to the partition that owns {@code (pipeline, key)}.
 *
 * @param values     the enriched event fields that the pipeline's aggregations read
 * @param ingestTime when ingestion accepted the event, a redriven one when it was redriven (for
 *                   end-to-end latency and the accept lag); null when unknown (events keyed before it
 *                   was carried), and then left out of the JSON
 * @param apiKey     the name of the API key whose request published the event (for a dead letter the
 *                   window stage may make of it), or null; left out of the wire format when null
 * @param firstSeen  for a pipeline that calls {@code first-seen}, what the window stage evaluates its
 *                   remaining filter and derived fields over; null otherwise, and then left out
 */
public record KeyedEvent(String pipeline, String key, String eventId, String ingestId, Instant eventTime,
		Map<String, Object> values, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant ingestTime,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String apiKey,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable FirstSeenInput firstSeen) {

	public KeyedEvent {
		values = DataMaps.copy(values);
	}

	/** An event of a pipeline that does not call {@code first-seen}. */
	public KeyedEvent(String pipeline, String key, String eventId, String ingestId, Instant eventTime,
			Map<String, Object> values, @Nullable Instant ingestTime, @Nullable String apiKey) {
		this(pipeline, key, eventId, ingestId, eventTime, values, ingestTime, apiKey, null);
	}

	/** The same event with these values and nothing left for the window stage to evaluate. */
	public KeyedEvent withValues(Map<String, Object> values) {
		return new KeyedEvent(this.pipeline, this.key, this.eventId, this.ingestId, this.eventTime, values,
				this.ingestTime, this.apiKey, null);
	}

	/** An event no API key published, whose acceptance time is not known. */
	public KeyedEvent(String pipeline, String key, String eventId, String ingestId, Instant eventTime,
			Map<String, Object> values) {
		this(pipeline, key, eventId, ingestId, eventTime, values, null, null);
	}

	/** An event no API key published. */
	public KeyedEvent(String pipeline, String key, String eventId, String ingestId, Instant eventTime,
			Map<String, Object> values, @Nullable Instant ingestTime) {
		this(pipeline, key, eventId, ingestId, eventTime, values, ingestTime, null);
	}

}
