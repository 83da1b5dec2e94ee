package io.tributary.processing.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Reads and writes the version record of each pipeline ({@code RedisKeys#pipelineVersion}). A write
 * is a compare-and-set on the version number read before, so two instances starting with the same
 * new definition make one new version, not two.
 */
public class PipelineVersionStore {

	/** KEYS[1] the record; ARGV[1] the version read before ("0": none), ARGV[2...] field, value pairs. */
	private static final RedisScript<String> WRITE_IF_UNCHANGED = RedisScript.of("""
			local current = redis.call('HGET', KEYS[1], 'version') or '0'
			if current ~= ARGV[1] then
			  return current
			end
			redis.call('HSET', KEYS[1], unpack(ARGV, 2))
			return 'OK'
			""", String.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	public PipelineVersionStore(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/**
	 * @return the version processing last ran, null when none ran yet
	 * @throws IllegalArgumentException when the record is unreadable
	 */
	public @Nullable PipelineVersion read(String pipeline) {
		Map<String, String> hash = this.redis.<String, String>opsForHash().entries(this.keys.pipelineVersion(pipeline));
		return PipelineVersion.fromHash(pipeline, hash);
	}

	/**
	 * Writes {@code next} if the record still holds {@code expected} (null: no record).
	 * @return whether it was written; false when another instance wrote the record meanwhile
	 */
	public boolean writeIfUnchanged(String pipeline, @Nullable PipelineVersion expected, PipelineVersion next) {
		List<String> args = new ArrayList<>();
		args.add(expected == null ? "0" : Long.toString(expected.version()));
		next.toHash().forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		String reply = this.redis.execute(WRITE_IF_UNCHANGED, List.of(this.keys.pipelineVersion(pipeline)),
				args.toArray());
		return "OK".equals(reply);
	}

}
