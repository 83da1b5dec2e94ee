package io.tributary.processing.window;

import java.util.Map;

import io.tributary.contract.Forecast;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.forecast.ForecastTracker;
import io.tributary.processing.forecast.Prediction;
import org.jspecify.annotations.Nullable;

/**
 * Where the operator tells a pipeline's forecast ({@link ForecastTracker}) what happened: a window
 * fired, the watermark moved, a checkpoint or a restore is due; and where the emitter asks for a
 * key's current forecast. Does nothing for a pipeline without a forecast.
 */
final class ForecastHooks {

	/** Null when the pipeline declares no forecast. */
	private final @Nullable ForecastTracker tracker;

	ForecastHooks(PipelineDefinition definition) {
		this.tracker = ForecastTracker.of(definition);
	}

	/** Whether the pipeline declares a forecast (and so needs a fired window's metrics before it is emitted). */
	boolean active() {
		return this.tracker != null;
	}

	/** Learns a window that fired, from its on-time {@code metrics}; what was forecast for it, or null. */
	@Nullable Prediction windowFired(WindowState state, Map<String, @Nullable Object> metrics) {
		return (this.tracker == null) ? null : this.tracker.windowFired(state.key, state.window.startMillis(),
				state.window.endMillis(), metrics);
	}

	/** The key's current forecast, or null when the pipeline declares none. */
	@Nullable Forecast forecast(String key) {
		return (this.tracker == null) ? null : this.tracker.forecast(key);
	}

	void watermark(long watermark) {
		if (this.tracker != null && watermark != PipelineOperator.NONE) {
			this.tracker.watermark(watermark);
		}
	}

	void checkpoint(CheckpointDelta delta) {
		if (this.tracker != null) {
			this.tracker.checkpoint(delta.meta(), delta.metaDeletes());
		}
	}

	/** Restores a key's model; a model of a pipeline that declares no forecast now is deleted. */
	void restore(String metaField, String value, CheckpointDelta delta) {
		if (this.tracker != null) {
			this.tracker.restore(metaField, value);
		}
		else {
			delta.deleteMeta(metaField);
		}
	}

}
