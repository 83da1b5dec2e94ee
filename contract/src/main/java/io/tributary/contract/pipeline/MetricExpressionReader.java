package io.tributary.contract.pipeline;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads an expression over a pipeline's metrics ({@code select}, an alert's {@code when}) and compiles
 * it at once, so that a typo or an unknown metric stops the file at load time, at its place.
 */
final class MetricExpressionReader {

	private final YamlNodes nodes;

	MetricExpressionReader(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/** The expression, or null when it is absent, empty or does not compile over {@code metricNames}. */
	@Nullable Expression read(@Nullable Node node, String path, List<String> metricNames) {
		Expression expression = this.nodes.expression(node, path);
		if (expression == null) {
			return null;
		}
		try {
			MetricExpression.compile(expression, metricNames);
		}
		catch (IllegalArgumentException ex) {
			this.nodes.problem(node, path, ex.getMessage());
			return null;
		}
		return expression;
	}

}
