package io.tributary.processing.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.contract.Alert;
import io.tributary.contract.WireFormat;
import io.tributary.processing.state.PipelineMetaFields;
import org.jspecify.annotations.Nullable;

/**
 * The checkpointed form of one pipeline's alert state: the meta hash field of each rule's state
 * for a key ({@code alert|<pipeline length>|<pipeline>|<rule length>|<rule>|<key>}, lengths so
 * that any name may contain a bar) and the JSON of the state in it.
 */
final class AlertStateCodec {

	/** Prefix of the alert state fields in the partition's checkpoint meta hash. */
	static final String FIELD_PREFIX = "alert|";

	private final PipelineMetaFields fields;

	AlertStateCodec(String pipeline) {
		this.fields = new PipelineMetaFields("alert", pipeline);
	}

	/** The state field of {@code rule} for {@code key}, unique within the pipeline. */
	static String field(String rule, String key) {
		return rule.length() + "|" + rule + "|" + key;
	}

	/** The meta field that stores the state of {@code field}. */
	String metaField(String field) {
		return this.fields.field(field);
	}

	/** The state field a meta field of this pipeline stores. */
	String stateField(String metaField) {
		return this.fields.rest(metaField);
	}

	/** The pipeline a checkpoint meta field of alert state belongs to, or null for other fields. */
	static @Nullable String pipelineOf(String metaField) {
		return PipelineMetaFields.pipelineOf("alert", metaField);
	}

	String write(KeyState state) {
		AnomalyDetector d = state.detector;
		return WireFormat.writeString(new StateRecord(state.rule, state.key, state.lastWindowEnd,
				d == null ? 0 : d.count, d == null ? 0 : d.mean, d == null ? 0 : d.variance, state.open));
	}

	/**
	 * Reads the state a checkpoint wrote into {@code metaField}.
	 *
	 * @throws IllegalArgumentException when it is malformed or incomplete
	 */
	StateRecord read(String metaField, String value) {
		StateRecord record;
		try {
			record = WireFormat.read(value, StateRecord.class);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("alert state '" + metaField + "': " + ex.getMessage(), ex);
		}
		if (record.rule() == null || record.key() == null) {
			throw new IllegalArgumentException("alert state '" + metaField + "' is incomplete: " + value);
		}
		return record;
	}

	/**
	 * The stored form of a key's state.
	 *
	 * @param count    values in the anomaly history; 0 for none (a threshold rule)
	 * @param open     the open alert, absent when none
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record StateRecord(@JsonProperty("rule") String rule, @JsonProperty("key") String key,
			@JsonProperty("last") long lastWindowEnd, @JsonProperty("n") long count, @JsonProperty("mean") double mean,
			@JsonProperty("var") double variance, @JsonProperty("open") @Nullable Alert open) {

		/** The key's state as stored; its anomaly history only if {@code anomaly} and it has one. */
		KeyState toState(boolean anomaly) {
			KeyState state = new KeyState(this.rule, this.key);
			state.persisted = true;
			state.lastWindowEnd = this.lastWindowEnd;
			if (anomaly && this.count > 0) {
				state.detector = new AnomalyDetector(this.count, this.mean, this.variance);
			}
			state.open = this.open;
			return state;
		}

	}

}
