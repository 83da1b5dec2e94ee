package io.tributary.contract.pipeline;

import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

/** Parses one entry of {@code lookups}: a named table, which has no properties yet (written {@code {}}). */
final class LookupParser {

	private final YamlNodes nodes;

	LookupParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	LookupDefinition parse(String name, Node node) {
		this.nodes.mappingOrEmpty(node, "lookups." + name, Set.of());
		return new LookupDefinition(name);
	}

}
