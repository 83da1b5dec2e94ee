package io.tributary.systemtests.ysb;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Yahoo Streaming Benchmark ad event, with the encoding its event time is sent in.
 *
 * @param eventType view, click or purchase
 */
public record AdEvent(String eventId, String userId, String pageId, String adId, String adType, String eventType,
		Instant eventTime, TimeEncoding timeEncoding, String ipAddress, int latencyMs) {

	/** The JSON object as a publisher sends it (field order as in the YSB generator). */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("event_id", this.eventId);
		json.put("user_id", this.userId);
		json.put("page_id", this.pageId);
		json.put("ad_id", this.adId);
		json.put("ad_type", this.adType);
		json.put("event_type", this.eventType);
		json.put("event_time", (this.timeEncoding == TimeEncoding.ISO_8601) ? this.eventTime.toString()
				: (Object) this.eventTime.toEpochMilli());
		json.put("ip_address", this.ipAddress);
		json.put("latency_ms", this.latencyMs);
		return json;
	}

	public boolean isView() {
		return "view".equals(this.eventType);
	}

}
