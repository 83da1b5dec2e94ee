package io.tributary.processing.version;

import java.util.List;
import java.util.stream.Collectors;

import io.tributary.contract.pipeline.PipelineChange;

/** Processing refuses to start: pipelines changed in ways their state cannot follow. */
public class IncompatibleChangeException extends IllegalStateException {

	private final List<PipelineChange> changes;

	public IncompatibleChangeException(List<PipelineChange> changes) {
		super(message(changes));
		this.changes = List.copyOf(changes);
	}

	private static String message(List<PipelineChange> changes) {
		return changes.stream()
			.map((c) -> "pipeline '" + c.pipeline() + "': " + c.summary())
			.collect(Collectors.joining("; ",
					"Incompatible pipeline change (tributary.processing.on-incompatible-change=refuse): ",
					". The state kept for these pipelines cannot be reused. To start new versions with empty state,"
							+ " set tributary.processing.on-incompatible-change=new-version; to keep the old"
							+ " versions, restore the previous pipeline file."));
	}

	public List<PipelineChange> changes() {
		return this.changes;
	}

}
