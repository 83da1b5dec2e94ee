package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One pipeline: source stream, filter, enrichment, derived fields, key, window, watermark,
 * aggregations, result fields, alert rules, emission and retention of its results.
 *
 * @param keyBy  field (dotted path, an enriched or derived field first) or expression giving the key
 * @param let    derived fields, in order ({@code let}); each can use the enrichments and the lets before it
 * @param select result fields computed from the metrics, in order ({@code select})
 * @param alerts alert rules judged on each fired window ({@code alerts})
 */
public record PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
		Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
		Duration retention, List<LetStep> let, List<SelectStep> select, List<AlertRule> alerts) {

	public PipelineDefinition {
		enrich = List.copyOf(enrich);
		aggregates = List.copyOf(aggregates);
		let = List.copyOf(let);
		select = List.copyOf(select);
		alerts = List.copyOf(alerts);
	}

	/** A pipeline without result fields or alerts. */
	public PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
			Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
			Duration retention, List<LetStep> let) {
		this(name, source, filter, enrich, keyBy, window, watermark, aggregates, emit, retention, let, List.of(),
				List.of());
	}

	/** A pipeline without derived fields, result fields or alerts. */
	public PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
			Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
			Duration retention) {
		this(name, source, filter, enrich, keyBy, window, watermark, aggregates, emit, retention, List.of());
	}

	/** The same pipeline with these result fields and alert rules. */
	public PipelineDefinition withSelectAndAlerts(List<SelectStep> select, List<AlertRule> alerts) {
		return new PipelineDefinition(this.name, this.source, this.filter, this.enrich, this.keyBy, this.window,
				this.watermark, this.aggregates, this.emit, this.retention, this.let, select, alerts);
	}

	/** The length an alert waits for a key's next window before it resolves: size, slide or gap. */
	public Duration windowLength() {
		Duration length = switch (this.window.type()) {
			case TUMBLING -> this.window.size();
			case HOPPING -> this.window.slide();
			case SESSION -> this.window.gap();
		};
		return length == null ? Duration.ofMinutes(1) : length;
	}

}
