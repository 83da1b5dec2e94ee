package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses one entry of {@code pipelines}: its source stream and the sections in their order (filter,
 * enrich, let, key-by, window, watermark, aggregate, select, alerts, forecast, graph, first-seen, emit, retention), each by its
 * own parser; a pipeline with any problem is not returned.
 */
final class PipelineParser {

	private static final Set<String> PROPERTIES = Set.of("source", "filter", "enrich", "let", "key-by", "window",
			"watermark", "aggregate", "select", "alerts", "forecast", "graph", "first-seen", "emit", "retention");

	private static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

	private final YamlNodes nodes;

	private final EnrichParser enrich;

	private final LetParser let;

	private final WindowParser window;

	private final WatermarkParser watermark;

	private final AggregationsParser aggregations;

	private final SelectParser select;

	private final AlertsParser alerts;

	private final ForecastParser forecast;

	private final GraphParser graph;
	private final FirstSeenParser firstSeen;

	private final EmitParser emit;

	PipelineParser(YamlNodes nodes) {
		this.nodes = nodes;
		this.enrich = new EnrichParser(nodes);
		this.let = new LetParser(nodes);
		this.window = new WindowParser(nodes);
		this.watermark = new WatermarkParser(nodes);
		this.aggregations = new AggregationsParser(nodes);
		this.select = new SelectParser(nodes);
		this.alerts = new AlertsParser(nodes);
		this.forecast = new ForecastParser(nodes);
		this.graph = new GraphParser(nodes);
		this.firstSeen = new FirstSeenParser(nodes);
		this.emit = new EmitParser(nodes);
	}

	@Nullable PipelineDefinition parse(String name, Node node, Map<String, StreamDefinition> streams,
			Map<String, LookupDefinition> lookups) {
		String path = "pipelines." + name;
		Map<String, Node> m = this.nodes.mapping(node, path, PROPERTIES);
		if (m == null) {
			return null;
		}
		int before = this.nodes.problemCount();
		String source = this.nodes.required(m, node, path, "source");
		if (source != null && !streams.containsKey(source)) {
			this.nodes.problem(m.get("source"), path + ".source",
					"unknown stream '" + source + "'; declared streams: " + streams.keySet());
		}
		Expression filter = this.nodes.expression(m.get("filter"), path + ".filter");
		List<EnrichStep> enrichSteps = this.enrich.parse(m.get("enrich"), path + ".enrich", lookups);
		List<LetStep> lets = this.let.parse(m.get("let"), path + ".let", enrichSteps);
		Node graphNode = m.get("graph");
		// a graph pipeline's key is the graph's (GraphParser says so when key-by is declared too)
		Expression keyBy = (graphNode != null) ? new Expression(GraphSpec.KEY_BY_TEXT, this.nodes.where(graphNode,
				path + ".graph")) : requiredExpression(m, node, path, "key-by");
		WindowSpec windowSpec = null;
		if (m.get("window") == null) {
			this.nodes.problem(node, path, "'window' is required");
		}
		else {
			windowSpec = this.window.parse(m.get("window"), path + ".window");
		}
		GraphSpec graphSpec = this.graph.parse(graphNode, path + ".graph", windowSpec, m.get("key-by"), path);
		WatermarkSpec watermarkSpec = this.watermark.parse(m.get("watermark"), path + ".watermark");
		List<AggregateSpec> aggregates = (graphNode != null && m.get("aggregate") == null) ? List.of()
				: aggregates(m.get("aggregate"), node, path, before);
		List<String> aggregationNames = new ArrayList<>(aggregates.stream().map(AggregateSpec::name).toList());
		if (graphNode != null) {
			// the graph's summary comes before the select fields, which may use it
			aggregationNames.addAll(GraphSpec.SUMMARY_METRICS);
		}
		List<SelectStep> selects = this.select.parse(m.get("select"), path + ".select", aggregationNames);
		List<String> metricNames = new ArrayList<>(aggregationNames);
		selects.forEach((s) -> metricNames.add(s.name()));
		List<AlertRule> rules = this.alerts.parse(m.get("alerts"), path + ".alerts", metricNames);
		ForecastSpec forecastSpec = this.forecast.parse(m.get("forecast"), path + ".forecast", metricNames,
				windowSpec);
		forecastRules(rules, forecastSpec, m.get("forecast") != null, m.get("alerts"), path + ".alerts");
		FirstSeenSpec firstSeenSpec = this.firstSeen.parse(m.get("first-seen"), path + ".first-seen");
		this.firstSeen.checkCalls(m, node, path, filter, enrichSteps, lets, keyBy, firstSeenSpec);
		EmitSpec emitSpec = this.emit.parse(m.get("emit"), path + ".emit");
		Duration retention = m.get("retention") == null ? DEFAULT_RETENTION
				: this.nodes.positiveDuration(m.get("retention"), path + ".retention");
		if (this.nodes.problemCount() > before || source == null || keyBy == null || windowSpec == null
				|| (graphNode != null && graphSpec == null)
				|| watermarkSpec == null || emitSpec == null || retention == null) {
			return null;
		}
		WindowSpec window = windowSpec;
		return this.nodes.build(node, path, () -> new PipelineDefinition(name, source, filter, enrichSteps, keyBy,
				window, watermarkSpec, aggregates, emitSpec, retention, lets, selects, rules, forecastSpec, graphSpec,
				firstSeenSpec));
	}

	/** Each forecast rule needs the pipeline's forecast of its metric (reported unless the forecast itself was wrong). */
	private void forecastRules(List<AlertRule> rules, @Nullable ForecastSpec forecast, boolean declared,
			@Nullable Node alerts, String path) {
		for (AlertRule rule : rules) {
			if (alerts == null || rule.kind() != AlertRule.Kind.FORECAST || (declared && forecast == null)) {
				continue;
			}
			if (forecast == null || !forecast.metric().equals(rule.metric())) {
				this.nodes.problem(this.nodes.entries(alerts, path).get(rule.name()), path + "." + rule.name(), "judges '"
						+ rule.metric() + "' against its forecast: declare forecast: { metric: " + rule.metric()
						+ ", ... } in the pipeline");
			}
		}
	}

	private @Nullable Expression requiredExpression(Map<String, Node> m, Node node, String path, String property) {
		if (m.get(property) == null) {
			this.nodes.problem(node, path, "'" + property + "' is required");
			return null;
		}
		return this.nodes.expression(m.get(property), path + "." + property);
	}

	/**
	 * The aggregations, of which there must be at least one; that is said only when the pipeline has no
	 * other problem (since {@code before}), since an aggregation with a problem is left out.
	 */
	private List<AggregateSpec> aggregates(@Nullable Node node, Node pipeline, String path, int before) {
		if (node == null) {
			this.nodes.problem(pipeline, path, "'aggregate' is required (e.g. 'aggregate: { views: count }')");
			return List.of();
		}
		List<AggregateSpec> aggregates = this.aggregations.parse(node, path + ".aggregate");
		if (aggregates.isEmpty() && before == this.nodes.problemCount()) {
			this.nodes.problem(node, path + ".aggregate", "declare at least one aggregation");
		}
		return aggregates;
	}

}
