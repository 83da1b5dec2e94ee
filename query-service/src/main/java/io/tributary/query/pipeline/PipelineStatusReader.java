package io.tributary.query.pipeline;

import java.time.Instant;
import java.util.Map;

import io.tributary.contract.RedisKeys;
import io.tributary.query.web.UnreadableRecordException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Reads a pipeline's status hash (watermarks from processing, last result time from storage) and its key count. */
@Component
class PipelineStatusReader {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	PipelineStatusReader(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	PipelineStatus status(String pipeline) {
		String statusKey = this.keys.pipelineStatus(pipeline);
		Map<String, String> fields = this.redis.<String, String>opsForHash().entries(statusKey);
		Long watermark = null;
		Long lastResultAt = null;
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (field.getKey().startsWith(RedisKeys.WATERMARK_FIELD_PREFIX)) {
				long partitionWatermark = millis(statusKey, field.getKey(), field.getValue());
				watermark = watermark == null ? partitionWatermark : Math.min(watermark, partitionWatermark);
			}
			else if (field.getKey().equals(RedisKeys.LAST_RESULT_AT_FIELD)) {
				lastResultAt = millis(statusKey, field.getKey(), field.getValue());
			}
		}
		Long keyCount = this.redis.opsForZSet().zCard(this.keys.pipelineKeys(pipeline));
		return new PipelineStatus(instant(watermark), instant(lastResultAt), keyCount == null ? 0 : keyCount);
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
