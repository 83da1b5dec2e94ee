package io.tributary.processing.version;

import java.util.LinkedHashMap;
import java.util.Map;

/** The version of each pipeline this processing instance runs, as decided on start. */
public record RunningVersions(Map<String, PipelineVersioning.Decision> decisions) {

	public RunningVersions {
		decisions = Map.copyOf(decisions);
	}

	/** Each pipeline's version number. */
	public Map<String, Long> numbers() {
		Map<String, Long> numbers = new LinkedHashMap<>();
		this.decisions.forEach((pipeline, decision) -> numbers.put(pipeline, decision.version().version()));
		return numbers;
	}

}
