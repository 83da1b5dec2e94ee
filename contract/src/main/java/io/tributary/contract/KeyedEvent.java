package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

/**
 * An event after a pipeline's filter, enrichment and key-by: what the windowing stage of that
 * pipeline needs, addressed to the partition that owns {@code (pipeline, key)}.
 *
 * @param values the enriched event fields that the pipeline's aggregations read
 */
public record KeyedEvent(String pipeline, String key, String eventId, String ingestId, Instant eventTime,
		Map<String, Object> values) {

	public KeyedEvent {
		values = DataMaps.copy(values);
	}

}
