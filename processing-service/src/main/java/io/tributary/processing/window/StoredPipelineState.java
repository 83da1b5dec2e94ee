package io.tributary.processing.window;

import java.util.HashMap;
import java.util.Map;

import io.tributary.processing.alert.AlertTracker;
import io.tributary.processing.firstseen.FirstSeenTracker;
import io.tributary.processing.forecast.ForecastTracker;
import org.jspecify.annotations.Nullable;

/**
 * One pipeline's part of a partition's checkpoint, as Redis holds it: its version stamp, watermark
 * meta, alert states, forecast models, first-seen filters, windows and counted ids. Restored or discarded as a whole.
 *
 * @param stamp the version that wrote the state; null in state written before versions existed,
 *              which was written by version 1
 */
record StoredPipelineState(@Nullable String stamp, @Nullable String meta, Map<String, String> alerts,
		Map<String, String> forecasts, Map<String, String> firstSeen, Map<String, String> windows,
		Map<String, String> dedup) {

	/**
	 * Every pipeline's stored state, by pipeline name.
	 * @throws IllegalArgumentException when a field does not say which pipeline it belongs to
	 */
	static Map<String, StoredPipelineState> byPipeline(PartitionSnapshot snapshot) {
		Map<String, Builder> builders = new HashMap<>();
		for (Map.Entry<String, String> field : snapshot.meta().entrySet()) {
			String versioned = StateCodec.pipelineOfVersionField(field.getKey());
			String alerted = AlertTracker.pipelineOf(field.getKey());
			String forecast = ForecastTracker.pipelineOf(field.getKey());
			String seen = FirstSeenTracker.pipelineOf(field.getKey());
			if (versioned != null) {
				builders.computeIfAbsent(versioned, (p) -> new Builder()).stamp = field.getValue();
			}
			else if (alerted != null) {
				builders.computeIfAbsent(alerted, (p) -> new Builder()).alerts.put(field.getKey(), field.getValue());
			}
			else if (forecast != null) {
				builders.computeIfAbsent(forecast, (p) -> new Builder()).forecasts.put(field.getKey(),
						field.getValue());
			}
			else if (seen != null) {
				builders.computeIfAbsent(seen, (p) -> new Builder()).firstSeen.put(field.getKey(), field.getValue());
			}
			else {
				builders.computeIfAbsent(field.getKey(), (p) -> new Builder()).meta = field.getValue();
			}
		}
		for (Map.Entry<String, String> field : snapshot.windows().entrySet()) {
			builders.computeIfAbsent(StateCodec.pipelineOfWindowField(field.getKey()), (p) -> new Builder()).windows
				.put(field.getKey(), field.getValue());
		}
		snapshot.dedupByPipeline().forEach((pipeline, ids) -> {
			if (!ids.isEmpty()) {
				builders.computeIfAbsent(pipeline, (p) -> new Builder()).dedup.putAll(ids);
			}
		});
		Map<String, StoredPipelineState> states = new HashMap<>();
		builders.forEach((pipeline, b) -> states.put(pipeline,
				new StoredPipelineState(b.stamp, b.meta, b.alerts, b.forecasts, b.firstSeen, b.windows, b.dedup)));
		return states;
	}

	/**
	 * The version that wrote this state.
	 * @throws IllegalArgumentException when the stamp is unreadable
	 */
	long version(String pipeline) {
		return (this.stamp == null) ? 1 : StateCodec.decodeVersion(pipeline, this.stamp);
	}

	/** Adds the deletes of all of this state to the next checkpoint. */
	void deleteIn(String pipeline, CheckpointDelta delta) {
		this.windows.keySet().forEach(delta::deleteWindow);
		if (!this.dedup.isEmpty()) {
			delta.deleteIds(pipeline, this.dedup.keySet());
		}
		if (this.meta != null) {
			delta.deleteMeta(pipeline);
		}
		this.alerts.keySet().forEach(delta::deleteMeta);
		this.forecasts.keySet().forEach(delta::deleteMeta);
		this.firstSeen.keySet().forEach(delta::deleteMeta);
		// the stamp is overwritten by the next checkpoint's
	}

	private static final class Builder {

		@Nullable String stamp;

		@Nullable String meta;

		final Map<String, String> alerts = new HashMap<>();

		final Map<String, String> forecasts = new HashMap<>();

		final Map<String, String> firstSeen = new HashMap<>();

		final Map<String, String> windows = new HashMap<>();

		final Map<String, String> dedup = new HashMap<>();

	}

}
