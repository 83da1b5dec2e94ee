package io.tributary.query.pipeline;

import java.util.Map;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.PipelineVersion;
import io.tributary.query.web.UnreadableRecordException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Reads the version record processing keeps for a pipeline, and compares it with this service's definition. */
@Component
class PipelineVersionReader {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	PipelineVersionReader(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** @return null before processing ran the pipeline */
	@Nullable PipelineVersionView version(PipelineFingerprint own) {
		String key = this.keys.pipelineVersion(own.pipeline());
		Map<String, String> hash = this.redis.<String, String>opsForHash().entries(key);
		PipelineVersion version;
		try {
			version = PipelineVersion.fromHash(own.pipeline(), hash);
		}
		catch (IllegalArgumentException ex) {
			throw new UnreadableRecordException("Version record " + key, ex.getMessage());
		}
		if (version == null) {
			return null;
		}
		return new PipelineVersionView(version.version(), version.since(), version.definition().fingerprint(),
				version.definition().digest(), version.definition().digest().equals(own.digest()));
	}

}
