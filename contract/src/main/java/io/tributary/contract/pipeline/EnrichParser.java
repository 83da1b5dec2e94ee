package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Parses a pipeline's {@code enrich}: a list of look-ups of a key in a declared lookup table, each bound to a field. */
final class EnrichParser {

	private final YamlNodes nodes;

	EnrichParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/** The enrichment steps in order; empty when there are none, without the steps that are wrong. */
	List<EnrichStep> parse(@Nullable Node node, String path, Map<String, LookupDefinition> lookups) {
		List<EnrichStep> enrich = new ArrayList<>();
		if (node == null) {
			return enrich;
		}
		if (!(node instanceof SequenceNode seq)) {
			this.nodes.problem(node, path, "expected a list of '- lookup: ..., key: ..., as: ...'");
			return enrich;
		}
		for (int i = 0; i < seq.getValue().size(); i++) {
			EnrichStep step = step(seq.getValue().get(i), path + "[" + i + "]", lookups);
			if (step != null) {
				enrich.add(step);
			}
		}
		return enrich;
	}

	private @Nullable EnrichStep step(Node node, String path, Map<String, LookupDefinition> lookups) {
		Map<String, Node> m = this.nodes.mapping(node, path, Set.of("lookup", "key", "as"));
		if (m == null) {
			return null;
		}
		String lookup = this.nodes.required(m, node, path, "lookup");
		if (lookup != null && !lookups.containsKey(lookup)) {
			this.nodes.problem(m.get("lookup"), path + ".lookup",
					"unknown lookup '" + lookup + "'; declared lookups: " + lookups.keySet());
		}
		Expression key = m.get("key") == null ? null : this.nodes.expression(m.get("key"), path + ".key");
		if (m.get("key") == null) {
			this.nodes.problem(node, path, "'key' is required");
		}
		String as = this.nodes.required(m, node, path, "as");
		if (as != null && !Names.isField(as)) {
			this.nodes.problem(m.get("as"), path + ".as", "'" + as + "' is not a valid field name");
		}
		return lookup == null || key == null || as == null ? null : new EnrichStep(lookup, key, as);
	}

}
