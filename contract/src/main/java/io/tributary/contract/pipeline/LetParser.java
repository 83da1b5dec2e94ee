package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/** Parses a pipeline's {@code let}: derived fields in order, named like fields, not clashing with enrichments. */
final class LetParser {

	private final YamlNodes nodes;

	LetParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/** The derived fields in order; their names differ from each other and from the enrichments' {@code as}. */
	List<LetStep> parse(@Nullable Node node, String path, List<EnrichStep> enrich) {
		List<LetStep> lets = new ArrayList<>();
		if (node == null) {
			return lets;
		}
		Set<String> taken = new HashSet<>();
		enrich.forEach((e) -> taken.add(e.as()));
		this.nodes.entries(node, path).forEach((name, valueNode) -> {
			String where = path + "." + name;
			if (!Names.isPlainField(name)) {
				this.nodes.problem(valueNode, where,
						"'" + name + "' is not a valid field name (letters, digits, underscore)");
				return;
			}
			if (!taken.add(name)) {
				this.nodes.problem(valueNode, where,
						"'" + name + "' is already the name of an enrichment or an earlier let");
				return;
			}
			Expression expression = this.nodes.expression(valueNode, where);
			if (expression != null) {
				lets.add(new LetStep(name, expression));
			}
		});
		return lets;
	}

}
