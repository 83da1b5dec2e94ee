package io.tributary.contract;

import java.time.Instant;
import java.util.Map;

/**
 * An event that arrived after the window it belongs to had closed for good (watermark past the
 * window's end plus allowed lateness). It is not in the window's metrics, but it is counted on the
 * window ({@link Counts#late()}) and kept where a user can list it.
 */
public record LateEventRecord(String pipeline, String key, Instant windowStart, Instant windowEnd, String eventId,
		Instant eventTime, Instant watermark, Map<String, Object> values) {

	public LateEventRecord {
		values = DataMaps.copy(values);
	}

}
