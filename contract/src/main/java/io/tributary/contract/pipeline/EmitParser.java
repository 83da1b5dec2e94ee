package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/** Parses a pipeline's {@code emit}: interim results {@code every} so often, and the final one; it must emit something. */
final class EmitParser {

	private final YamlNodes nodes;

	EmitParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/** The declared emission, {@link EmitSpec#DEFAULT} when there is none, null when it is wrong. */
	@Nullable EmitSpec parse(@Nullable Node node, String path) {
		if (node == null) {
			return EmitSpec.DEFAULT;
		}
		Map<String, Node> m = this.nodes.mapping(node, path, Set.of("every", "final"));
		if (m == null) {
			return null;
		}
		Duration every = m.get("every") == null ? null : this.nodes.positiveDuration(m.get("every"), path + ".every");
		boolean onFinal = true;
		Node finalNode = m.get("final");
		if (finalNode != null) {
			String text = this.nodes.scalar(finalNode, path + ".final");
			if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
				onFinal = Boolean.parseBoolean(text);
			}
			else {
				this.nodes.problem(finalNode, path + ".final", "expected true or false");
				return null;
			}
		}
		if (!onFinal && every == null && m.get("every") == null) {
			this.nodes.problem(node, path, "with 'final: false' set 'every', or the pipeline never emits a result");
			return null;
		}
		boolean emitsOnFinal = onFinal;
		return this.nodes.build(node, path, () -> new EmitSpec(every, emitsOnFinal));
	}

}
