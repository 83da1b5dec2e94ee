package io.tributary.query.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.tributary.contract.RedisKeys;
import io.tributary.query.web.UnreadableRecordException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a pipeline's status hash (watermarks per partition from processing; last result time and
 * freshness from storage) and its key count, and works out the lags against the clock.
 */
@Component
class PipelineStatusReader {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Clock clock;

	PipelineStatusReader(StringRedisTemplate redis, RedisKeys keys, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.clock = clock;
	}

	PipelineStatus status(String pipeline) {
		String statusKey = this.keys.pipelineStatus(pipeline);
		Map<String, String> fields = this.redis.<String, String>opsForHash().entries(statusKey);
		long now = this.clock.millis();
		List<PipelineStatus.PartitionWatermark> partitions = new ArrayList<>();
		Long watermark = null;
		Long lastResultAt = null;
		Long lastFinalWindowEnd = null;
		Long freshness = null;
		for (Map.Entry<String, String> field : fields.entrySet()) {
			String name = field.getKey();
			if (name.startsWith(RedisKeys.WATERMARK_FIELD_PREFIX)) {
				long partitionWatermark = millis(statusKey, name, field.getValue());
				partitions.add(new PipelineStatus.PartitionWatermark(partition(statusKey, name),
						Instant.ofEpochMilli(partitionWatermark), now - partitionWatermark));
				watermark = watermark == null ? partitionWatermark : Math.min(watermark, partitionWatermark);
			}
			else if (name.equals(RedisKeys.LAST_RESULT_AT_FIELD)) {
				lastResultAt = millis(statusKey, name, field.getValue());
			}
			else if (name.equals(RedisKeys.LAST_FINAL_WINDOW_END_FIELD)) {
				lastFinalWindowEnd = millis(statusKey, name, field.getValue());
			}
			else if (name.equals(RedisKeys.FRESHNESS_FIELD)) {
				freshness = millis(statusKey, name, field.getValue());
			}
		}
		partitions.sort(Comparator.comparingInt(PipelineStatus.PartitionWatermark::partition));
		Long keyCount = this.redis.opsForZSet().zCard(this.keys.pipelineKeys(pipeline));
		return new PipelineStatus(instant(watermark), instant(lastResultAt), keyCount == null ? 0 : keyCount,
				watermark == null ? null : now - watermark, partitions, instant(lastFinalWindowEnd), freshness);
	}

	private static int partition(String key, String field) {
		try {
			return Integer.parseInt(field.substring(RedisKeys.WATERMARK_FIELD_PREFIX.length()));
		}
		catch (NumberFormatException ex) {
			throw new UnreadableRecordException("Field '" + field + "' of " + key, "it does not name a partition");
		}
	}

	private static long millis(String key, String field, String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new UnreadableRecordException("Field '" + field + "' of " + key,
					"'" + value + "' is not epoch milliseconds");
		}
	}

	private static @Nullable Instant instant(@Nullable Long millis) {
		return millis == null ? null : Instant.ofEpochMilli(millis);
	}

}
