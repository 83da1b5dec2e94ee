package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One pipeline: source stream, filter, enrichment, derived fields, key, window, watermark,
 * aggregations, result fields, alert rules, emission and retention of its results.
 *
 * @param keyBy  field (dotted path, an enriched or derived field first) or expression giving the key
 * @param let    derived fields, in order ({@code let}); each can use the enrichments and the lets before it
 * @param select result fields computed from the metrics, in order ({@code select})
 * @param alerts alert rules judged on each fired window ({@code alerts})
 * @param forecast the per-key forecast of one metric ({@code forecast}); null when not declared
 * @param graph    the relation events' graph ({@code graph}); null when not declared. A graph pipeline is
 *                 keyed by {@link GraphSpec#GRAPH_KEY} and may declare no aggregation
 * @param firstSeen how {@code first-seen(field)} in the filter and lets remembers values ({@code first-seen});
 *                  null when not declared, and then nothing may call it
 */
public record PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
		Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
		Duration retention, List<LetStep> let, List<SelectStep> select, List<AlertRule> alerts,
		@Nullable ForecastSpec forecast, @Nullable GraphSpec graph, @Nullable FirstSeenSpec firstSeen) {

	/**
	 * @throws IllegalArgumentException naming the pipeline when it would never emit a result, has no
	 * aggregation, declares a metric name twice (aggregations and select fields share one namespace),
	 * forecasts an unknown metric, has a forecast rule without the forecast it judges against, or
	 * calls {@code first-seen} without declaring it (the parser checks the calls themselves, in place)
	 */
	public PipelineDefinition {
		enrich = List.copyOf(enrich);
		aggregates = List.copyOf(aggregates);
		let = List.copyOf(let);
		select = List.copyOf(select);
		alerts = List.copyOf(alerts);
		String where = "pipeline '" + name + "': ";
		if (!emit.onFinal() && emit.every() == null) {
			throw new IllegalArgumentException(
					where + "with emit final: false, set emit.every, or nothing is ever emitted");
		}
		if (aggregates.isEmpty() && graph == null) {
			throw new IllegalArgumentException(where + "declare at least one aggregation");
		}
		Set<String> metrics = new HashSet<>();
		if (graph != null) {
			if (!GraphSpec.KEY_BY_TEXT.equals(keyBy.text())) {
				throw new IllegalArgumentException(where + "a graph pipeline is keyed by " + GraphSpec.KEY_BY_TEXT
						+ ", got key-by " + keyBy.text());
			}
			if (window.type() == WindowSpec.Type.SESSION) {
				throw new IllegalArgumentException(where + "a graph needs tumbling or hopping windows");
			}
			metrics.addAll(GraphSpec.SUMMARY_METRICS);
		}
		for (AggregateSpec aggregate : aggregates) {
			if (!metrics.add(aggregate.name())) {
				throw new IllegalArgumentException(where + "aggregation '" + aggregate.name() + "' is declared twice"
						+ (GraphSpec.SUMMARY_METRICS.contains(aggregate.name()) ? " (a graph's summary metric)" : ""));
			}
		}
		for (SelectStep step : select) {
			if (!metrics.add(step.name())) {
				throw new IllegalArgumentException(where + "select '" + step.name() + "' is declared twice"
						+ (GraphSpec.SUMMARY_METRICS.contains(step.name()) ? " (a graph's summary metric)" : ""));
			}
		}
		if (forecast != null && !metrics.contains(forecast.metric())) {
			throw new IllegalArgumentException(where + "forecast of unknown metric '" + forecast.metric() + "'");
		}
		for (AlertRule rule : alerts) {
			if (rule.kind() == AlertRule.Kind.FORECAST
					&& (forecast == null || !forecast.metric().equals(rule.metric()))) {
				throw new IllegalArgumentException(where + "alert rule '" + rule.name() + "' judges '" + rule.metric()
						+ "' against its forecast: declare forecast: { metric: " + rule.metric() + ", ... }");
			}
		}
		boolean calls = (filter != null && FirstSeenCalls.uses(filter.text()))
				|| let.stream().anyMatch((l) -> FirstSeenCalls.uses(l.expression().text()));
		if (calls && firstSeen == null) {
			throw new IllegalArgumentException(where + "uses " + FirstSeenCalls.FUNCTION
					+ "(...) without a first-seen section (its horizon)");
		}
	}

	/** A pipeline with a graph and without first-seen. */
	public PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
			Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
			Duration retention, List<LetStep> let, List<SelectStep> select, List<AlertRule> alerts,
			@Nullable ForecastSpec forecast, @Nullable GraphSpec graph) {
		this(name, source, filter, enrich, keyBy, window, watermark, aggregates, emit, retention, let, select, alerts,
				forecast, graph, null);
	}

	/** A pipeline with first-seen and without a graph. */
	public PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
			Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
			Duration retention, List<LetStep> let, List<SelectStep> select, List<AlertRule> alerts,
			@Nullable ForecastSpec forecast, @Nullable FirstSeenSpec firstSeen) {
		this(name, source, filter, enrich, keyBy, window, watermark, aggregates, emit, retention, let, select, alerts,
				forecast, null, firstSeen);
	}

	/** Whether the filter or a derived field calls {@code first-seen}: then part of it runs in the window stage. */
	public boolean usesFirstSeen() {
		return this.firstSeen != null;
	}

	/**
	 * A duration of the model in milliseconds, the engine's resolution.
	 * @throws IllegalArgumentException naming {@code what} when it is negative or does not fit in a {@code long}
	 */
	static long requireMillis(Duration duration, String what) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException(what + " must not be negative, got " + duration);
		}
		try {
			return duration.toMillis();
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException(
					what + " is too large, got " + duration + " (at most 2^63-1 milliseconds, about 292 million years)");
		}
	}

	/** A pipeline without a graph or first-seen. */
	public PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
			Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
			Duration retention, List<LetStep> let, List<SelectStep> select, List<AlertRule> alerts,
			@Nullable ForecastSpec forecast) {
		this(name, source, filter, enrich, keyBy, window, watermark, aggregates, emit, retention, let, select, alerts,
				forecast, null, null);
	}

	/** A pipeline without a forecast. */
	public PipelineDefinition(String name, String source, @Nullable Expression filter, List<EnrichStep> enrich,
			Expression keyBy, WindowSpec window, WatermarkSpec watermark, List<AggregateSpec> aggregates, EmitSpec emit,
			Duration retention, List<LetStep> let, List<SelectStep> select, List<AlertRule> alerts) {
		this(name, source, filter, enrich, keyBy, window, watermark, aggregates, emit, retention, let, select, alerts,
				null);
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
				this.watermark, this.aggregates, this.emit, this.retention, this.let, select, alerts, this.forecast,
				this.graph, this.firstSeen);
	}

	/** The same pipeline with this forecast. */
	public PipelineDefinition withForecast(@Nullable ForecastSpec forecast) {
		return new PipelineDefinition(this.name, this.source, this.filter, this.enrich, this.keyBy, this.window,
				this.watermark, this.aggregates, this.emit, this.retention, this.let, this.select, this.alerts,
				forecast, this.graph, this.firstSeen);
	}

	/** The same pipeline with this graph, keyed as every graph pipeline is ({@link GraphSpec#GRAPH_KEY}). */
	public PipelineDefinition withGraph(GraphSpec graph) {
		return new PipelineDefinition(this.name, this.source, this.filter, this.enrich,
				new Expression(GraphSpec.KEY_BY_TEXT, graph.location()), this.window, this.watermark, this.aggregates,
				this.emit, this.retention, this.let, this.select, this.alerts, this.forecast, graph, this.firstSeen);
	}

	/**
	 * The names a window's result carries and a condition or select field may use, in order: the
	 * aggregations, a graph's summary metrics, the select fields.
	 */
	public List<String> metricNames() {
		List<String> names = new java.util.ArrayList<>();
		this.aggregates.forEach((a) -> names.add(a.name()));
		if (this.graph != null) {
			names.addAll(GraphSpec.SUMMARY_METRICS);
		}
		this.select.forEach((s) -> names.add(s.name()));
		return names;
	}

	/** The same pipeline with this first-seen section. */
	public PipelineDefinition withFirstSeen(@Nullable FirstSeenSpec firstSeen) {
		return new PipelineDefinition(this.name, this.source, this.filter, this.enrich, this.keyBy, this.window,
				this.watermark, this.aggregates, this.emit, this.retention, this.let, this.select, this.alerts,
				this.forecast, this.graph, firstSeen);
	}

	/** The time between the starts of consecutive windows of a key (size or slide); null for session windows. */
	public @Nullable Duration windowSlide() {
		return switch (this.window.type()) {
			case TUMBLING -> this.window.size();
			case HOPPING -> this.window.slide();
			case SESSION -> null;
		};
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
