package io.tributary.contract.pipeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tributary.contract.WireFormat;
import org.jspecify.annotations.Nullable;

/**
 * The version of a pipeline that processing runs, as kept in the hash {@code RedisKeys#pipelineVersion}:
 * the number grows by one with each incompatible change (state of an older version is never
 * reused), {@code since} is when it began, and {@code definition} is the fingerprint of the
 * definition processing runs now (updated on compatible changes too). Processing writes it; the other
 * services and {@code tributary validate} read it.
 */
public record PipelineVersion(long version, Instant since, PipelineFingerprint definition) {

	/** Hash field: the version number. */
	public static final String VERSION_FIELD = "version";

	/** Hash field: epoch millis when the version began. */
	public static final String SINCE_FIELD = "since";

	/** Hash field: {@link PipelineFingerprint#fingerprint()} of the definition processing runs. */
	public static final String FINGERPRINT_FIELD = "fingerprint";

	/** Hash field: {@link PipelineFingerprint#digest()} of the definition processing runs. */
	public static final String DIGEST_FIELD = "digest";

	/** Hash field: {@link PipelineFingerprint#state()} as a JSON object. */
	public static final String STATE_FIELD = "state";

	/** Hash field: {@link PipelineFingerprint#settings()} as a JSON object. */
	public static final String SETTINGS_FIELD = "settings";

	public PipelineVersion {
		Objects.requireNonNull(since, "since");
		Objects.requireNonNull(definition, "definition");
		if (version < 1) {
			throw new IllegalArgumentException("a version is at least 1, got " + version);
		}
	}

	/** The hash fields of this version. */
	public Map<String, String> toHash() {
		Map<String, String> hash = new LinkedHashMap<>();
		hash.put(VERSION_FIELD, Long.toString(this.version));
		hash.put(SINCE_FIELD, Long.toString(this.since.toEpochMilli()));
		hash.put(FINGERPRINT_FIELD, this.definition.fingerprint());
		hash.put(DIGEST_FIELD, this.definition.digest());
		hash.put(STATE_FIELD, WireFormat.writeString(this.definition.state()));
		hash.put(SETTINGS_FIELD, WireFormat.writeString(this.definition.settings()));
		return hash;
	}

	/**
	 * The version a hash holds; null when it is empty (no processing has run the pipeline yet).
	 * @throws IllegalArgumentException naming the field when the hash is incomplete or unreadable
	 */
	@SuppressWarnings("unchecked")
	public static @Nullable PipelineVersion fromHash(String pipeline, Map<String, String> hash) {
		if (hash.isEmpty()) {
			return null;
		}
		try {
			long version = Long.parseLong(required(hash, VERSION_FIELD));
			Instant since = Instant.ofEpochMilli(Long.parseLong(required(hash, SINCE_FIELD)));
			Map<String, String> state = WireFormat.read(required(hash, STATE_FIELD), Map.class);
			Map<String, String> settings = WireFormat.read(required(hash, SETTINGS_FIELD), Map.class);
			return new PipelineVersion(version, since, PipelineFingerprint.of(pipeline, state, settings));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"the version record of pipeline '" + pipeline + "' is unreadable: " + ex.getMessage(), ex);
		}
	}

	private static String required(Map<String, String> hash, String field) {
		String value = hash.get(field);
		if (value == null) {
			throw new IllegalArgumentException("field '" + field + "' is missing");
		}
		return value;
	}

}
