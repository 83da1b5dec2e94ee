package io.tributary.contract.pipeline;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a pipeline's {@code graph}: the {@code from} and {@code to} fields of each relation event,
 * the optional {@code weight}, {@code top-neighbours} and {@code largest-components}; only on
 * tumbling or hopping windows, and without a {@code key-by} of its own.
 */
final class GraphParser {

	private static final Set<String> PROPERTIES = Set.of("from", "to", "weight", "top-neighbours",
			"largest-components");

	private final YamlNodes nodes;

	GraphParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/**
	 * The graph of a pipeline with this window (null when the window is wrong); null when absent or wrong.
	 * @param keyBy the pipeline's {@code key-by}, which a graph pipeline must not declare
	 */
	@Nullable GraphSpec parse(@Nullable Node node, String path, @Nullable WindowSpec window, @Nullable Node keyBy,
			String pipelinePath) {
		if (node == null) {
			return null;
		}
		Map<String, Node> m = this.nodes.mapping(node, path, PROPERTIES);
		if (m == null) {
			return null;
		}
		int before = this.nodes.problemCount();
		String from = field(m, node, path, "from", true);
		String to = field(m, node, path, "to", true);
		String weight = field(m, node, path, "weight", false);
		double top = this.nodes.number(m.get("top-neighbours"), path + ".top-neighbours",
				GraphSpec.DEFAULT_TOP_NEIGHBOURS, 1, GraphSpec.MAX_TOP_NEIGHBOURS,
				"a whole number from 1 to " + GraphSpec.MAX_TOP_NEIGHBOURS);
		wholeNumber(m.get("top-neighbours"), path + ".top-neighbours", top);
		double largest = this.nodes.number(m.get("largest-components"), path + ".largest-components",
				GraphSpec.DEFAULT_LARGEST_COMPONENTS, 1, GraphSpec.MAX_LARGEST_COMPONENTS,
				"a whole number from 1 to " + GraphSpec.MAX_LARGEST_COMPONENTS);
		wholeNumber(m.get("largest-components"), path + ".largest-components", largest);
		if (keyBy != null) {
			this.nodes.problem(keyBy, pipelinePath + ".key-by", "a graph pipeline keys every event to one window "
					+ "partition (its components need all of a window's edges): remove key-by");
		}
		if (window != null && window.type() == WindowSpec.Type.SESSION) {
			this.nodes.problem(node, path, "a graph needs tumbling or hopping windows (a session is one key's activity)");
		}
		if (this.nodes.problemCount() > before || from == null || to == null) {
			return null;
		}
		return this.nodes.build(node, path, () -> new GraphSpec(from, to, weight, (int) top, (int) largest,
				this.nodes.where(node, path)));
	}

	private @Nullable String field(Map<String, Node> m, Node parent, String path, String property, boolean required) {
		String text = required ? this.nodes.required(m, parent, path, property)
				: (m.get(property) == null ? null : this.nodes.scalar(m.get(property), path + "." + property));
		if (text != null && !Names.isField(text.trim())) {
			this.nodes.problem(m.get(property), path + "." + property,
					"'" + text + "' is not a field (letters, digits, '_', dots for nesting, e.g. account_id)");
			return null;
		}
		return (text == null) ? null : text.trim();
	}

	private void wholeNumber(@Nullable Node node, String path, double value) {
		if (node != null && value != Math.rint(value)) {
			this.nodes.problem(node, path, "must be a whole number");
		}
	}

}
