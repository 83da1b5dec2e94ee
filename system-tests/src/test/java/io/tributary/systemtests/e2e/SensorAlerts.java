package io.tributary.systemtests.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.systemtests.client.HttpResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert rules through the whole platform: readings of one sensor in 1 s windows, with one hot window
 * (a reading over the threshold) and one surge (six times the usual number of readings) injected at
 * known windows. The reference is the injection plan: each rule opens exactly on its injected window
 * and resolves on the next one, and the results carry the select field.
 */
final class SensorAlerts {

	static final String STREAM = "sensor-readings";

	static final String PIPELINE = "sensor-alerts";

	static final String STREAMS = """
			  sensor-readings:
			    time-field: at
			    id-field: id
			""";

	static final String PIPELINES = """
			  sensor-alerts:
			    source: sensor-readings
			    key-by: sensor
			    window: { type: tumbling, size: 1s, allowed-lateness: 1s }
			    watermark: { max-out-of-orderness: 2s, idle-timeout: 2s }
			    aggregate:
			      readings: count
			      peak: max(value)
			    select:
			      peak_f: peak * 1.8 + 32.0
			    alerts:
			      hot:
			        when: peak > 100.0
			        severity: critical
			      surge:
			        anomaly: readings
			        warm-up: 10
			        direction: up
			    emit: { final: true }
			    retention: 1d
			""";

	private static final int WINDOWS = 40;

	private static final int HOT = 22;

	private static final int SURGE = 31;

	private SensorAlerts() {
	}

	static void run(RunningSystem system) {
		// whole seconds well in the past, so the idle timeout closes every window soon after the last event
		Instant base = Instant.ofEpochSecond(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
		List<Map<String, Object>> events = new ArrayList<>();
		for (int w = 0; w < WINDOWS; w++) {
			int readings = (w == SURGE) ? 60 : 9 + w % 3;
			for (int r = 0; r < readings; r++) {
				double value = (w == HOT && r == 4) ? 140.0 : 20.0 + r;
				Map<String, Object> event = new HashMap<>();
				event.put("id", "s1-" + w + "-" + r);
				event.put("sensor", "s-1");
				event.put("at", base.plusMillis(w * 1000L + r * 10L).toString());
				event.put("value", value);
				events.add(event);
			}
		}
		for (int from = 0; from < events.size(); from += 200) {
			HttpResult accepted = system.ingest.postJson(STREAM, events.subList(from, Math.min(events.size(), from + 200)));
			assertThat(accepted.status()).as("POST readings: %s", accepted).isEqualTo(202);
		}

		String path = "/api/v1/pipelines/" + PIPELINE + "/alerts?status=resolved";
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		JsonNode alerts;
		while (true) {
			HttpResult r = system.query.get(path);
			assertThat(r.status()).as("GET %s: %s", path, r).isEqualTo(200);
			alerts = r.json().get("items");
			if (alerts.size() >= 2) {
				break;
			}
			assertThat(System.nanoTime()).as("two resolved alerts within 60 s, got %s; logs:%s", r.body(),
					system.cluster.logTails(30)).isLessThan(deadline);
			RunningSystem.sleep(Duration.ofMillis(500));
		}
		Map<String, JsonNode> byRule = new HashMap<>();
		alerts.forEach((a) -> byRule.put(a.get("rule").asString(), a));
		assertThat(byRule.keySet()).containsExactlyInAnyOrder("hot", "surge");
		JsonNode hot = byRule.get("hot");
		assertThat(hot.get("key").asString()).isEqualTo("s-1");
		assertThat(hot.get("windowStart").asString()).isEqualTo(base.plusSeconds(HOT).toString());
		assertThat(hot.get("breaches").asLong()).isEqualTo(1);
		assertThat(hot.get("resolution").asString()).isEqualTo("recovered");
		assertThat(hot.get("severity").asString()).isEqualTo("critical");
		assertThat(hot.get("metrics").get("peak").asDouble()).isEqualTo(140.0);
		assertThat(hot.get("metrics").get("peak_f").asDouble()).isEqualTo(284.0);
		JsonNode surge = byRule.get("surge");
		assertThat(surge.get("windowStart").asString()).isEqualTo(base.plusSeconds(SURGE).toString());
		assertThat(surge.get("breaches").asLong()).isEqualTo(1);
		assertThat(surge.get("value").asDouble()).isEqualTo(60.0);
		assertThat(surge.get("expected").asDouble()).isBetween(9.0, 11.0);
		HttpResult open = system.query.get("/api/v1/pipelines/" + PIPELINE + "/alerts?status=open");
		assertThat(open.json().get("open").asLong()).as("nothing else open: %s", open.body()).isZero();
		HttpResult all = system.query.get("/api/v1/pipelines/" + PIPELINE + "/alerts");
		assertThat(all.json().get("items").size()).as("no other alert: %s", all.body()).isEqualTo(2);
	}

}
