package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/** Parses a pipeline's {@code select}: result fields computed from the metrics and the selects before them. */
final class SelectParser {

	private final YamlNodes nodes;

	private final MetricExpressionReader expressions;

	SelectParser(YamlNodes nodes) {
		this.nodes = nodes;
		this.expressions = new MetricExpressionReader(nodes);
	}

	/** The result fields in order; each can use the aggregations' metrics and the selects before it. */
	List<SelectStep> parse(@Nullable Node node, String path, List<String> aggregationNames) {
		List<SelectStep> selects = new ArrayList<>();
		if (node == null) {
			return selects;
		}
		List<String> metricNames = new ArrayList<>(aggregationNames);
		this.nodes.entries(node, path).forEach((name, valueNode) -> {
			String where = path + "." + name;
			if (!Names.isPlainField(name)) {
				this.nodes.problem(valueNode, where,
						"'" + name + "' is not a valid metric name (letters, digits, underscore)");
				return;
			}
			if (metricNames.contains(name)) {
				this.nodes.problem(valueNode, where,
						"'" + name + "' is already the name of an aggregation or an earlier select");
				return;
			}
			Expression expression = this.expressions.read(valueNode, where, metricNames);
			if (expression != null) {
				selects.add(new SelectStep(name, expression));
				metricNames.add(name);
			}
		});
		return selects;
	}

}
