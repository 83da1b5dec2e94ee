package io.tributary.processing.window;

import java.util.Map;
import java.util.function.Consumer;

import io.tributary.contract.Alert;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.alert.AlertTracker;
import io.tributary.processing.forecast.Prediction;
import org.jspecify.annotations.Nullable;

/**
 * Where the operator tells a pipeline's alert rules ({@link AlertTracker}) what happened: a window
 * fired, the watermark moved, a checkpoint or a restore is due. Does nothing for a pipeline without
 * alert rules. Alerts go to the outbox.
 */
final class AlertHooks {

	/** Null when the pipeline has no alert rules. */
	private final @Nullable AlertTracker tracker;

	private final Aggregations aggregations;

	private final Consumer<Alert> outbox;

	/**
	 * @param version the pipeline version that raises the alerts
	 * @throws IllegalArgumentException when a rule cannot be compiled
	 */
	AlertHooks(PipelineDefinition definition, long version, Aggregations aggregations, Outbox outbox) {
		this.tracker = AlertTracker.of(definition, version);
		this.aggregations = aggregations;
		this.outbox = outbox::alert;
	}

	/**
	 * @param emitted  the metrics the firing emitted, or null when it emitted none
	 * @param forecast what the pipeline's forecast expected of the window, or null
	 */
	void windowFired(WindowState state, @Nullable Map<String, @Nullable Object> emitted,
			@Nullable Prediction forecast, long now) {
		if (this.tracker != null) {
			this.tracker.windowFired(state.key, state.window.startMillis(), state.window.endMillis(),
					(emitted != null) ? emitted : this.aggregations.results(state), forecast, now, this.outbox);
		}
	}

	void watermark(long watermark, long now) {
		if (this.tracker != null && watermark != PipelineOperator.NONE) {
			this.tracker.watermark(watermark, now, this.outbox);
		}
	}

	void checkpoint(CheckpointDelta delta) {
		if (this.tracker != null) {
			this.tracker.checkpoint(delta.meta(), delta.metaDeletes());
		}
	}

	/** Restores a key's alert state (see {@link AlertTracker#restore}); ignored when the pipeline has no alerts now. */
	void restore(String metaField, String value) {
		if (this.tracker != null) {
			this.tracker.restore(metaField, value);
		}
	}

	int openCount() {
		return (this.tracker != null) ? this.tracker.openCount() : 0;
	}

}
