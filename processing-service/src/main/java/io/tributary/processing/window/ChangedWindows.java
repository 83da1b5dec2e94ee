package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.List;

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
				delta.upsertWindow(state.field(this.pipeline), StateCodec.encodeWindow(this.pipeline, state,
						this.aggregations.serialForms(state.accumulators)));
				state.persisted = true;
			}
		}
		this.states.clear();
	}

}
