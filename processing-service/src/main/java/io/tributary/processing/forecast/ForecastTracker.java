package io.tributary.processing.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Forecast;
import io.tributary.contract.pipeline.ForecastSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.time.TimeArithmetic;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.jspecify.annotations.Nullable;

/**
 * The forecast of one pipeline in one partition, as the window operator drives it: each key's
 * model ({@link SmoothingModel}) learns the forecast metric of each of the key's windows when it
 * fires, answers the key's current forecast for its results, and checkpoints what changed
 * ({@link ForecastStateCodec}); a key without a window for the pipeline's retention is forgotten.
 * <p>
 * Not thread-safe: the partition's caller serialises all calls. Times: epoch milliseconds, event time.
 */
public final class ForecastTracker {

	/** Retention sweeps per retention (see the alert state's sweep, which this one follows). */
	private static final int SWEEPS_PER_RETENTION = 8;

	private final ForecastSpec spec;

	private final ModelSettings settings;

	private final long slide;

	private final long size;

	/** The half-width of an interval in standard deviations of the forecast's error. */
	private final double z;

	private final ForecastStateCodec codec;

	private final Map<String, KeyModel> models = new HashMap<>();

	/** Keys changed since the last checkpoint. */
	private final Set<String> changed = new HashSet<>();

	/** Stored keys forgotten since the last checkpoint. */
	private final Set<String> forgotten = new HashSet<>();

	private final long forgetAfter;

	private long nextSweep = Long.MIN_VALUE;

	/** @throws IllegalArgumentException when the pipeline declares no forecast or has session windows */
	public ForecastTracker(PipelineDefinition definition) {
		ForecastSpec spec = definition.forecast();
		Duration slide = definition.windowSlide();
		if (spec == null || slide == null || definition.window().size() == null) {
			throw new IllegalArgumentException("a forecast needs tumbling or hopping windows");
		}
		this.spec = spec;
		this.slide = slide.toMillis();
		this.size = definition.window().size().toMillis();
		this.settings = ModelSettings.of(spec, this.slide);
		this.z = new NormalDistribution().inverseCumulativeProbability(0.5 + spec.confidence() / 2);
		this.codec = new ForecastStateCodec(definition.name());
		this.forgetAfter = Math.max(definition.retention().toMillis(), this.slide);
	}

	/** The tracker of {@code definition}, or null when it declares no forecast. */
	public static @Nullable ForecastTracker of(PipelineDefinition definition) {
		return (definition.forecast() == null) ? null : new ForecastTracker(definition);
	}

	/** The metric it forecasts. */
	public String metric() {
		return this.spec.metric();
	}

	/**
	 * Learns the forecast metric of a window of {@code key} that just fired, from its on-time metrics.
	 * Windows of a key must come in order of end; one that ends no later than the last learned one
	 * (fired again) is not learned twice, nor is one without a finite value of the metric.
	 * @return what the key's model forecast for this window before, or null when it had no forecast yet
	 */
	public @Nullable Prediction windowFired(String key, long windowStart, long windowEnd,
			Map<String, @Nullable Object> metrics) {
		Object metric = metrics.get(this.spec.metric());
		if (!(metric instanceof Number number) || !Double.isFinite(number.doubleValue())) {
			return null;
		}
		KeyModel model = this.models.get(key);
		if (model != null && windowEnd <= model.lastWindowEnd) {
			return null;
		}
		if (model == null) {
			model = new KeyModel(new SmoothingModel(this.settings), Math.floorMod(windowStart, this.slide));
			model.persisted = this.forgotten.remove(key);
			this.models.put(key, model);
		}
		model.lastWindowEnd = windowEnd;
		this.changed.add(key);
		return model.model.observe(Math.floorDiv(windowStart, this.slide), number.doubleValue());
	}

	/** The key's current forecast: no points until its model has learned enough windows. */
	public Forecast forecast(String key) {
		KeyModel model = this.models.get(key);
		long warmUp = this.settings.warmUpWindows() + SmoothingModel.MIN_ERRORS;
		if (model == null) {
			return new Forecast(this.spec.metric(), this.spec.method().text(), this.spec.confidence(), 0, warmUp,
					List.of());
		}
		SmoothingModel m = model.model;
		List<Forecast.Point> points = new ArrayList<>();
		if (m.ready()) {
			for (int h = 1; h <= this.spec.horizon(); h++) {
				long start = (m.lastIndex + h) * this.slide + model.startOffset;
				double value = m.forecast(h);
				double half = this.z * m.stdDev(h);
				points.add(new Forecast.Point(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + this.size),
						value, value - half, value + half));
			}
		}
		return new Forecast(this.spec.metric(), this.spec.method().text(), this.spec.confidence(), m.learned, warmUp,
				points);
	}

	/** The watermark rose: a key without a window for the pipeline's retention is forgotten. */
	public void watermark(long watermark) {
		if (watermark < this.nextSweep) {
			return;
		}
		this.nextSweep = TimeArithmetic.plus(watermark, Math.max(1, this.forgetAfter / SWEEPS_PER_RETENTION));
		List<String> idle = new ArrayList<>();
		this.models.forEach((key, model) -> {
			if (TimeArithmetic.plus(model.lastWindowEnd, this.forgetAfter) <= watermark) {
				idle.add(key);
			}
		});
		for (String key : idle) {
			forget(key);
		}
	}

	private void forget(String key) {
		KeyModel model = this.models.remove(key);
		this.changed.remove(key);
		if (model != null && model.persisted) {
			this.forgotten.add(key);
		}
	}

	/** Number of keys with a model. */
	public int size() {
		return this.models.size();
	}

	/** Adds the state changed since the last call: upserts into {@code meta}, removals into {@code deletes}. */
	public void checkpoint(Map<String, String> meta, Set<String> deletes) {
		for (String key : this.changed) {
			KeyModel model = this.models.get(key);
			if (model != null) {
				meta.put(this.codec.metaField(key), this.codec.write(model));
				model.persisted = true;
			}
		}
		for (String key : this.forgotten) {
			deletes.add(this.codec.metaField(key));
		}
		this.changed.clear();
		this.forgotten.clear();
	}

	/** The pipeline a checkpoint meta field of a forecast tracker belongs to, or null for other fields. */
	public static @Nullable String pipelineOf(String metaField) {
		return ForecastStateCodec.pipelineOf(metaField);
	}

	/**
	 * Restores one key's model a checkpoint wrote; a model learned under other settings is dropped
	 * (and deleted by the next checkpoint), and the key starts over.
	 * @throws IllegalArgumentException when it is malformed
	 */
	public void restore(String metaField, String value) {
		String key = this.codec.key(metaField);
		KeyModel model = this.codec.read(metaField, value, this.settings);
		if (model == null) {
			this.forgotten.add(key);
			return;
		}
		this.models.put(key, model);
	}

}
