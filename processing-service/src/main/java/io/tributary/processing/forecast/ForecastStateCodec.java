package io.tributary.processing.forecast;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.contract.WireFormat;
import io.tributary.processing.state.PipelineMetaFields;
import org.jspecify.annotations.Nullable;

/**
 * The checkpointed form of one pipeline's forecast state: the meta hash field of each key's model
 * ({@code forecast|<pipeline length>|<pipeline>|<key>}, the length so that a pipeline name may
 * contain a bar) and the JSON of the model in it, which names its method and season so that a
 * model of another definition is not restored.
 */
final class ForecastStateCodec {

	/** Prefix of the forecast state fields in the partition's checkpoint meta hash. */
	static final String FIELD_PREFIX = "forecast|";

	private final PipelineMetaFields fields;

	ForecastStateCodec(String pipeline) {
		this.fields = new PipelineMetaFields("forecast", pipeline);
	}

	String metaField(String key) {
		return this.fields.field(key);
	}

	String key(String metaField) {
		return this.fields.rest(metaField);
	}

	/** The pipeline a checkpoint meta field of forecast state belongs to, or null for other fields. */
	static @Nullable String pipelineOf(String metaField) {
		return PipelineMetaFields.pipelineOf("forecast", metaField);
	}

	String write(KeyModel key) {
		SmoothingModel m = key.model;
		List<@Nullable Double> warmUp = null;
		if (m.warmUp != null) {
			warmUp = new ArrayList<>(m.warmUp.length);
			for (double value : m.warmUp) {
				warmUp.add(Double.isNaN(value) ? null : value);
			}
		}
		return WireFormat.writeString(new StateRecord(m.settings().method().text(), m.settings().seasonWindows(),
				key.lastWindowEnd, key.startOffset, m.firstIndex, m.lastIndex, m.learned, warmUp, m.level, m.trend,
				m.season, m.errors, m.meanSquaredError));
	}

	/**
	 * The model a checkpoint wrote into {@code metaField}, or null when it was learned under other
	 * settings (method or season changed since).
	 * @throws IllegalArgumentException when it is malformed
	 */
	@Nullable KeyModel read(String metaField, String value, ModelSettings settings) {
		StateRecord r;
		try {
			r = WireFormat.read(value, StateRecord.class);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("forecast state '" + metaField + "': " + ex.getMessage(), ex);
		}
		if (r.method() == null) {
			throw new IllegalArgumentException("forecast state '" + metaField + "' is incomplete: " + value);
		}
		if (!r.method().equals(settings.method().text()) || r.season() != settings.seasonWindows()
				|| (r.components() != null && r.components().length != settings.seasonWindows())
				|| (r.warmUp() != null && r.warmUp().size() != settings.warmUpWindows())) {
			return null;
		}
		SmoothingModel m = new SmoothingModel(settings);
		m.firstIndex = r.first();
		m.lastIndex = r.last();
		m.learned = r.learned();
		if (r.warmUp() != null) {
			double[] warmUp = new double[r.warmUp().size()];
			for (int i = 0; i < warmUp.length; i++) {
				Double v = r.warmUp().get(i);
				warmUp[i] = (v == null) ? Double.NaN : v;
			}
			m.warmUp = warmUp;
		}
		m.level = r.level();
		m.trend = r.trend();
		m.season = r.components();
		m.errors = r.errors();
		m.meanSquaredError = r.mse();
		KeyModel key = new KeyModel(m, r.startOffset());
		key.lastWindowEnd = r.lastWindowEnd();
		key.persisted = true;
		return key;
	}

	/** The stored form of a key's model. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record StateRecord(@JsonProperty("method") String method, @JsonProperty("season") int season,
			@JsonProperty("end") long lastWindowEnd, @JsonProperty("offset") long startOffset,
			@JsonProperty("first") long first, @JsonProperty("last") long last,
			@JsonProperty("n") long learned, @JsonProperty("warm") @Nullable List<@Nullable Double> warmUp,
			@JsonProperty("level") double level, @JsonProperty("trend") double trend,
			@JsonProperty("s") double @Nullable [] components, @JsonProperty("errors") long errors,
			@JsonProperty("mse") double mse) {
	}

}
