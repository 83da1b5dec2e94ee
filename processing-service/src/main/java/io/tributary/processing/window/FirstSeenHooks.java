package io.tributary.processing.window;

import java.util.Map;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.firstseen.FirstSeenTracker;
import io.tributary.processing.route.FirstSeenValue;
import io.tributary.processing.route.WindowStageExpressions;
import org.jspecify.annotations.Nullable;

/**
 * Where the operator finishes an event of a pipeline that calls {@code first-seen(field)}: asks the
 * pipeline's {@link FirstSeenTracker} whether the value the event asks about ({@link FirstSeenValue}: its
 * key, or under a constant key the named field's value) is new (and records it), evaluates the
 * filter and derived fields that depend on the answer ({@link WindowStageExpressions}); and where the
 * tracker hears of the watermark, checkpoints and restores. Does nothing for other pipelines.
 */
final class FirstSeenHooks {

	private final @Nullable FirstSeenTracker tracker;

	private final @Nullable WindowStageExpressions expressions;

	private final @Nullable FirstSeenValue value;

	FirstSeenHooks(PipelineDefinition definition) {
		this.tracker = FirstSeenTracker.of(definition);
		this.expressions = WindowStageExpressions.of(definition);
		this.value = (this.tracker == null) ? null : FirstSeenValue.of(definition);
	}

	boolean active() {
		return this.tracker != null;
	}

	/**
	 * The event with the values its aggregations read, or null when the filter rejects it. The value
	 * is recorded as seen either way: an event the filter did not reject outright in the route stage is
	 * an appearance of its value.
	 * @throws IllegalArgumentException when the event has no value to ask about or an expression fails
	 * on it (nothing was recorded)
	 */
	@Nullable KeyedEvent finish(KeyedEvent event) {
		if (this.tracker == null || this.expressions == null || this.value == null) {
			return event;
		}
		long eventTime = event.eventTime().toEpochMilli();
		String asked = this.value.in(event);
		// asked first and recorded after the expressions succeed, so a failing event changes nothing
		boolean isNew = this.tracker.isNew(asked);
		Map<String, Object> values = this.expressions.evaluate(event, isNew);
		this.tracker.record(asked, eventTime);
		return (values == null) ? null : event.withValues(values);
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

	/** Restores the pipeline's fields; those of a pipeline that no longer calls first-seen are deleted. */
	void restore(Map<String, String> fields, CheckpointDelta delta) {
		if (this.tracker != null) {
			this.tracker.restore(fields);
		}
		else {
			fields.keySet().forEach(delta::deleteMeta);
		}
	}

}
