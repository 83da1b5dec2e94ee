package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The window states of one pipeline whose stored form changed since the last checkpoint, and writing them. */
final class ChangedWindows {

	private final String pipeline;

	private final Aggregations aggregations;

	private final List<WindowState> states = new ArrayList<>();

	ChangedWindows(String pipeline, Aggregations aggregations) {
		this.pipeline = pipeline;
		this.aggregations = aggregations;
	}

	void add(WindowState state) {
		if (!state.inCheckpointDelta) {
			state.inCheckpointDelta = true;
			this.states.add(state);
		}
	}

	/** Upserts the states that are still live; purged ones were deleted when they went. */
	void writeTo(CheckpointDelta delta) {
		for (WindowState state : this.states) {
			state.inCheckpointDelta = false;
			if (!state.purged) {
				Map<String, @Nullable Object> forms = this.aggregations.serialForms(state.accumulators);
				delta.upsertWindow(state.field(this.pipeline), StateCodec.encodeWindow(this.pipeline, state, forms),
						forms);
				state.persisted = true;
			}
		}
		this.states.clear();
	}

}
