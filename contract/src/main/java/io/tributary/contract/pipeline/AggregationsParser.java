package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a pipeline's {@code aggregate}: metric names, each written like a plain field, to an
 * aggregation call that {@link AggregationGrammar} reads.
 */
final class AggregationsParser {

	private final YamlNodes nodes;

	private final AggregationGrammar grammar;

	AggregationsParser(YamlNodes nodes) {
		this.nodes = nodes;
		this.grammar = new AggregationGrammar(nodes);
	}

	/** The aggregations in order, without the ones that are wrong. */
	List<AggregateSpec> parse(Node node, String path) {
		List<AggregateSpec> aggregates = new ArrayList<>();
		this.nodes.entries(node, path).forEach((metric, callNode) -> {
			AggregateSpec spec = aggregation(metric, callNode, path + "." + metric);
			if (spec != null) {
				aggregates.add(spec);
			}
		});
		return aggregates;
	}

	private @Nullable AggregateSpec aggregation(String metric, Node node, String path) {
		if (!Names.isPlainField(metric)) {
			this.nodes.problem(node, path, "'" + metric + "' is not a valid metric name (letters, digits, underscore)");
			return null;
		}
		String text = this.nodes.scalar(node, path);
		return text == null ? null : this.grammar.parse(metric, text, node, path);
	}

}
