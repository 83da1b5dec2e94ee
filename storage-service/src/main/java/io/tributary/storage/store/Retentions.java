package io.tributary.storage.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the results of each pipeline are kept: the pipeline file's {@code retention}, or a
 * default for results of a pipeline the file does not declare (kept, not dropped: the file may
 * be newer or older than the processing instance that produced them).
 */
final class Retentions {

	private static final Logger log = LoggerFactory.getLogger(Retentions.class);

	private final Map<String, Duration> byPipeline;

	private final Duration fallback;

	/** Bounded: pipeline names come from the broker, not from the file. */
	private static final int MAX_WARNED = 1000;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	Retentions(Map<String, Duration> byPipeline, Duration fallback) {
		this.byPipeline = Map.copyOf(byPipeline);
		this.fallback = fallback;
	}

	static Retentions of(PipelineFile file, Duration fallback) {
		Map<String, Duration> map = new HashMap<>();
		for (PipelineDefinition p : file.pipelines().values()) {
			map.put(p.name(), p.retention());
		}
		return new Retentions(map, fallback);
	}

	Duration of(String pipeline) {
		Duration retention = this.byPipeline.get(pipeline);
		if (retention != null) {
			return retention;
		}
		if (this.warned.size() < MAX_WARNED && this.warned.add(pipeline)) {
			log.warn("Results of pipeline '{}', which the pipeline file does not declare, are kept for the default "
					+ "retention of {}", pipeline, this.fallback);
		}
		return this.fallback;
	}

}
