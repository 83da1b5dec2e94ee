package io.tributary.query.record;

import java.time.Instant;
import java.util.Map;

import io.tributary.contract.LateEventRecord;

/**
 * A late event as the API shows it: the stored record plus when it was recorded (the score of its
 * index entry), which the record itself does not carry, and why it was not counted, in words.
 */
record LateRecordView(String pipeline, String key, Instant windowStart, Instant windowEnd, String eventId,
		Instant eventTime, Instant watermark, Instant recordedAt, String reason, Map<String, Object> values) {

	static LateRecordView of(LateEventRecord r, Instant recordedAt) {
		String reason = "late: the watermark (" + r.watermark() + ") had passed the end of its window ("
				+ r.windowEnd() + ") plus the allowed lateness, so the window was closed";
		return new LateRecordView(r.pipeline(), r.key(), r.windowStart(), r.windowEnd(), r.eventId(), r.eventTime(),
				r.watermark(), recordedAt, reason, r.values());
	}

}
