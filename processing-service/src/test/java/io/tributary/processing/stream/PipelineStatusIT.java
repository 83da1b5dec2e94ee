package io.tributary.processing.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.contract.Event;
import io.tributary.contract.RedisKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's status in Redis (each partition's watermark, what query shows) follows the stream:
 * every partition's watermark trails the stream's largest event time, though only two partitions hold
 * the pipeline's keys, and a status write held back by its interval is made once input stops.
 */
class PipelineStatusIT extends ClicksTestBase {

	PipelineStatusIT() {
		super("status");
	}

	@Test
	void everyPartitionsStatusReachesTheStreamsWatermarkWhenTheInputStops() throws Exception {
		this.bed.start();
		List<Event> sent = new ArrayList<>();
		String[] users = { "u1", "u2", "u3" };
		for (int i = 0; i < 40; i++) {
			// one message each, in quick succession: many deliveries, each moving the watermark
			Event e = this.clicks.event("s" + i, users[i % 3], (i % 4 == 0) ? "view" : "click", 100L * i, 1);
			sent.add(e);
			this.clicks.publish(e);
		}
		// the largest event time of the stream (views too: the filter does not hide the stream's time),
		// less the pipeline's 1 s max-out-of-orderness
		Instant expected = sent.stream().map(Event::eventTime).max(Instant::compareTo).orElseThrow().minusSeconds(1);

		Map<String, String> expectedStatus = new TreeMap<>();
		for (int p = 0; p < 8; p++) {
			expectedStatus.put(RedisKeys.watermarkField(p), Long.toString(expected.toEpochMilli()));
		}
		String status = new RedisKeys(this.ns).pipelineStatus("per-region");
		Map<String, String> watermarks = Map.of();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			watermarks = new TreeMap<>();
			for (Map.Entry<Object, Object> field : this.bed.redis().opsForHash().entries(status).entrySet()) {
				if (field.getKey().toString().startsWith(RedisKeys.WATERMARK_FIELD_PREFIX)) {
					watermarks.put(field.getKey().toString(), field.getValue().toString());
				}
			}
			if (watermarks.equals(expectedStatus)) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(watermarks).isEqualTo(expectedStatus);
	}

}
