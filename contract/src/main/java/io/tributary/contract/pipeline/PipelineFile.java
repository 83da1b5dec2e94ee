package io.tributary.contract.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A loaded pipeline file: its streams, lookup tables and pipelines, in declaration order. */
public record PipelineFile(String source, Map<String, StreamDefinition> streams, Map<String, LookupDefinition> lookups,
		Map<String, PipelineDefinition> pipelines) {

	public PipelineFile {
		streams = Collections.unmodifiableMap(new LinkedHashMap<>(streams));
		lookups = Collections.unmodifiableMap(new LinkedHashMap<>(lookups));
		pipelines = Collections.unmodifiableMap(new LinkedHashMap<>(pipelines));
	}

	public Optional<StreamDefinition> stream(String name) {
		return Optional.ofNullable(this.streams.get(name));
	}

	public Optional<PipelineDefinition> pipeline(String name) {
		return Optional.ofNullable(this.pipelines.get(name));
	}

	/** The pipelines that read the given stream. */
	public List<PipelineDefinition> pipelinesOf(String stream) {
		return this.pipelines.values().stream().filter((p) -> p.source().equals(stream)).toList();
	}

}
