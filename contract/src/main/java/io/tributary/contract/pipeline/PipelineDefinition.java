package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One pipeline: source stream, filter, enrichment, key, window, watermark, aggregations, emission
 * and retention of its results.
 *
 * @param keyBy field (dotted path, an enriched field first) or expression giving the key
 */
public record PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
		Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
		Duration retention) {

	public PipelineDefinition {
		enrich = List.copyOf(enrich);
		aggregates = List.copyOf(aggregates);
	}

}
