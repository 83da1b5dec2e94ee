package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a pipeline's {@code alerts}: rule name to a threshold rule ({@code when}, a condition over
 * the metrics) or an anomaly rule ({@code anomaly}, a metric judged against its key's history), with
 * the anomaly settings in their ranges, or a forecast rule ({@code forecast}, a metric judged against
 * the pipeline's forecast of it; {@code smoothing} is the forecast's own there).
 */
final class AlertsParser {

	private static final Set<String> PROPERTIES = Set.of("when", "anomaly", "forecast", "sensitivity", "warm-up",
			"smoothing", "direction", "severity", "resolve-after", "notify");

	private static final List<String> ANOMALY_ONLY = List.of("sensitivity", "warm-up", "smoothing", "direction");

	private final YamlNodes nodes;

	private final MetricExpressionReader expressions;

	private final NotifyParser notify;

	AlertsParser(YamlNodes nodes) {
		this.nodes = nodes;
		this.expressions = new MetricExpressionReader(nodes);
		this.notify = new NotifyParser(nodes);
	}

	/** The rules in order, over these metric names (aggregations and selects); without the rules that are wrong. */
	List<AlertRule> parse(@Nullable Node node, String path, List<String> metricNames) {
		List<AlertRule> rules = new ArrayList<>();
		if (node == null) {
			return rules;
		}
		this.nodes.entries(node, path).forEach((name, ruleNode) -> {
			String where = path + "." + name;
			if (!Names.isName(name)) {
				this.nodes.problem(ruleNode, where,
						"'" + name + "' is not a valid rule name (letters, digits, '_', '-')");
				return;
			}
			AlertRule rule = rule(name, ruleNode, where, metricNames);
			if (rule != null) {
				rules.add(rule);
			}
		});
		return rules;
	}

	private @Nullable AlertRule rule(String name, Node node, String path, List<String> metricNames) {
		Map<String, Node> m = this.nodes.mapping(node, path, PROPERTIES);
		if (m == null) {
			return null;
		}
		int before = this.nodes.problemCount();
		boolean threshold = m.containsKey("when");
		boolean forecast = m.containsKey("forecast");
		if ((threshold ? 1 : 0) + (m.containsKey("anomaly") ? 1 : 0) + (forecast ? 1 : 0) != 1) {
			this.nodes.problem(node, path, "give either 'when' (a condition over the metrics, e.g. 'views > 1000'), "
					+ "'anomaly' (a metric judged against its key's recent history) or 'forecast' (a metric judged "
					+ "against the pipeline's forecast of it)");
			return null;
		}
		Expression when = null;
		String metric = null;
		if (threshold) {
			when = this.expressions.read(m.get("when"), path + ".when", metricNames);
			for (String property : ANOMALY_ONLY) {
				if (m.containsKey(property)) {
					this.nodes.problem(m.get(property), path + "." + property,
							"'" + property + "' applies to anomaly and forecast rules only");
				}
			}
		}
		else if (forecast) {
			metric = anomalyMetric(m.get("forecast"), path + ".forecast", metricNames);
			if (m.containsKey("smoothing")) {
				this.nodes.problem(m.get("smoothing"), path + ".smoothing",
						"a forecast rule uses the smoothing of the pipeline's forecast (forecast.smoothing)");
			}
		}
		else {
			metric = anomalyMetric(m.get("anomaly"), path + ".anomaly", metricNames);
		}
		double sensitivity = this.nodes.number(m.get("sensitivity"), path + ".sensitivity",
				AlertRule.DEFAULT_SENSITIVITY, 0.5, 100, "from 0.5 to 100 (standard deviations)");
		double warmUp = this.nodes.number(m.get("warm-up"), path + ".warm-up", AlertRule.DEFAULT_WARM_UP, 2, 100_000,
				"a whole number of windows from 2 to 100000");
		if (warmUp != Math.rint(warmUp)) {
			this.nodes.problem(m.get("warm-up"), path + ".warm-up", "must be a whole number of windows");
		}
		double smoothing = this.nodes.number(m.get("smoothing"), path + ".smoothing", AlertRule.DEFAULT_SMOOTHING,
				0.001, 1, "from 0.001 to 1 (the weight of the newest window)");
		AlertRule.Direction direction = this.nodes.choice(m.get("direction"), path + ".direction",
				AlertRule.Direction.class, AlertRule.Direction.BOTH);
		AlertRule.Severity severity = this.nodes.choice(m.get("severity"), path + ".severity",
				AlertRule.Severity.class, AlertRule.Severity.WARNING);
		Duration resolveAfter = m.get("resolve-after") == null ? null
				: this.nodes.positiveDuration(m.get("resolve-after"), path + ".resolve-after");
		List<NotifyTarget> targets = this.notify.parse(m.get("notify"), path + ".notify");
		if (this.nodes.problemCount() > before || (threshold ? when == null : metric == null) || direction == null
				|| severity == null) {
			return null;
		}
		AlertRule.Kind kind = threshold ? AlertRule.Kind.THRESHOLD
				: forecast ? AlertRule.Kind.FORECAST : AlertRule.Kind.ANOMALY;
		return new AlertRule(name, kind, when, metric, sensitivity, (int) warmUp, smoothing, direction, severity,
				resolveAfter, this.nodes.where(node, path), targets);
	}

	/** The metric an anomaly rule judges: one of this pipeline's. */
	private @Nullable String anomalyMetric(Node node, String path, List<String> metricNames) {
		String metric = this.nodes.scalar(node, path);
		if (metric != null && !metricNames.contains(metric)) {
			this.nodes.problem(node, path, "unknown metric '" + metric + "'; this pipeline's metrics: " + metricNames);
		}
		return metric;
	}

}
