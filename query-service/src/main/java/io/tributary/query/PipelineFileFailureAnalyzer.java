package io.tributary.query;

import io.tributary.contract.pipeline.PipelineFileException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad pipeline file at start-up into a short report with each problem's place, not a stack trace. */
class PipelineFileFailureAnalyzer extends AbstractFailureAnalyzer<PipelineFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipelineFileException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the pipeline file, or point tributary.pipeline-file (TRIBUTARY_PIPELINE_FILE) at a valid one.",
				cause);
	}

}
