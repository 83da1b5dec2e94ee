package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One pipeline: source stream, filter, enrichment, derived fields, key, window, watermark,
 * aggregations, emission and retention of its results.
 *
 * @param keyBy field (dotted path, an enriched or derived field first) or expression giving the key
 * @param let   derived fields, in order ({@code let}); each can use the enrichments and the lets before it
 */
public record PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
		Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
		Duration retention, List<LetStep> let) {

	public PipelineDefinition {
		enrich = List.copyOf(enrich);
		aggregates = List.copyOf(aggregates);
		let = List.copyOf(let);
	}

	/** A pipeline without derived fields. */
	public PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
			Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
			Duration retention) {
		this(name, source, filter, enrich, keyBy, window, watermark, aggregates, emit, retention, List.of());
	}

}
