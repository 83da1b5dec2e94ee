package io.tributary.query.pipeline;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.query.web.NotFoundException;

import org.springframework.stereotype.Component;

/**
 * The pipelines and streams declared in the pipeline file: what a request may name. A name not
 * declared here is a 404 before Redis is asked anything.
 */
@Component
public class PipelineCatalog {

	private final PipelineFile file;

	private final Map<String, PipelineFingerprint> fingerprints;

	PipelineCatalog(PipelineFile file) {
		this.file = file;
		this.fingerprints = PipelineFingerprint.of(file);
	}

	/** The fingerprint of a declared pipeline's definition as this service loaded it. */
	PipelineFingerprint fingerprint(PipelineDefinition pipeline) {
		return this.fingerprints.get(pipeline.name());
	}

	/** The declared pipelines, in the order of the file. */
	public Collection<PipelineDefinition> pipelines() {
		return this.file.pipelines().values();
	}

	/** @throws NotFoundException naming the declared pipelines when {@code name} is not one of them */
	public PipelineDefinition pipeline(String name) {
		return this.file.pipeline(name)
			.orElseThrow(() -> new NotFoundException(
					"Unknown pipeline '" + name + "'; declared pipelines: " + this.file.pipelines().keySet()));
	}

	public boolean declaresStream(String name) {
		return this.file.streams().containsKey(name);
	}

	/** The declared streams, in the order of the file. */
	public Set<String> streams() {
		return this.file.streams().keySet();
	}

}
