package io.tributary.contract.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/** Parses one entry of {@code streams}: its time and id fields and its schema file, which must be readable. */
final class StreamParser {

	private final YamlNodes nodes;

	private final @Nullable Path baseDir;

	/** @param baseDir where relative schema paths resolve; null: the working directory */
	StreamParser(YamlNodes nodes, @Nullable Path baseDir) {
		this.nodes = nodes;
		this.baseDir = baseDir;
	}

	@Nullable StreamDefinition parse(String name, Node node) {
		String path = "streams." + name;
		Map<String, Node> m = this.nodes.mappingOrEmpty(node, path, Set.of("time-field", "id-field", "schema"));
		if (m == null) {
			return null;
		}
		String timeField = this.nodes.field(m.get("time-field"), path + ".time-field");
		String idField = this.nodes.field(m.get("id-field"), path + ".id-field");
		Node schemaNode = m.get("schema");
		Path schema = schemaNode == null ? null : schema(schemaNode, path + ".schema");
		return new StreamDefinition(name, timeField, idField, schema);
	}

	private @Nullable Path schema(Node node, String path) {
		String text = this.nodes.scalar(node, path);
		if (text == null) {
			return null;
		}
		Path p = Path.of(text);
		if (!p.isAbsolute() && this.baseDir != null) {
			p = this.baseDir.resolve(p);
		}
		if (!Files.isReadable(p)) {
			this.nodes.problem(node, path, "schema file " + p + " does not exist or cannot be read");
			return null;
		}
		return p.normalize();
	}

}
