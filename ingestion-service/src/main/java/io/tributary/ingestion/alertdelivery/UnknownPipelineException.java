package io.tributary.ingestion.alertdelivery;

import java.util.Collection;

/** A pipeline the pipeline file does not declare: answered with 404 naming those it does. */
public class UnknownPipelineException extends RuntimeException {

	UnknownPipelineException(String pipeline, Collection<String> declared) {
		super("Unknown pipeline '" + pipeline + "'; declared pipelines: " + declared);
	}

}
