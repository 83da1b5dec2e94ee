package io.tributary.ingestion;

import io.tributary.contract.pipeline.PipelineFileException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an unusable pipeline file at start-up with the loader's own message (every problem with
 * its line), instead of a bean-creation stack trace.
 */
class StartupFailureAnalyzer extends AbstractFailureAnalyzer<PipelineFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipelineFileException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the pipeline file, or point tributary.pipeline-file (TRIBUTARY_PIPELINE_FILE) at another one.",
				cause);
	}

}
