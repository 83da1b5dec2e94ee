package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses an alert rule's {@code notify}: one target name or a list of them, each a valid name and
 * named once. Whether a target exists is the delivering service's check (its configuration).
 */
final class NotifyParser {

	private final YamlNodes nodes;

	NotifyParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/** The targets in order; empty without {@code notify}, without the names that are wrong. */
	List<NotifyTarget> parse(@Nullable Node node, String path) {
		List<NotifyTarget> targets = new ArrayList<>();
		if (node == null) {
			return targets;
		}
		List<Node> items;
		if (node instanceof SequenceNode seq) {
			items = seq.getValue();
		}
		else if (node instanceof ScalarNode) {
			items = List.of(node);
		}
		else {
			this.nodes.problem(node, path, "expected a target name or a list of them, e.g. [ops-hook, team-chat]");
			return targets;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < items.size(); i++) {
			Node item = items.get(i);
			String where = (node instanceof SequenceNode) ? path + "[" + i + "]" : path;
			String name = this.nodes.scalar(item, where);
			if (name == null) {
				continue;
			}
			if (!Names.isName(name)) {
				this.nodes.problem(item, where,
						"'" + name + "' is not a valid target name (letters, digits, '-', '_', at most 64)");
			}
			else if (!seen.add(name)) {
				this.nodes.problem(item, where, "target '" + name + "' is named twice");
			}
			else {
				targets.add(new NotifyTarget(name, this.nodes.where(item, where)));
			}
		}
		return targets;
	}

}
