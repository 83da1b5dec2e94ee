package io.tributary.contract.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses one entry of {@code streams}: its time and id fields, its schema file (which must be
 * readable) and how far in the future its event times may be.
 */
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
		Map<String, Node> m = this.nodes.mappingOrEmpty(node, path, Set.of("time-field", "id-field", "schema", "max-future"));
		if (m == null) {
			return null;
		}
		String timeField = this.nodes.field(m.get("time-field"), path + ".time-field");
		String idField = this.nodes.field(m.get("id-field"), path + ".id-field");
		Node schemaNode = m.get("schema");
		Path schema = schemaNode == null ? null : schema(schemaNode, path + ".schema");
		Duration maxFuture = maxFuture(m.get("max-future"), path + ".max-future");
		return new StreamDefinition(name, timeField, idField, schema, maxFuture);
	}

	/**
	 * The declared {@code max-future}, or the default when there is none; a wrong one is reported and
	 * replaced by the default, so that the stream stays declared and its pipelines are still checked.
	 */
	private Duration maxFuture(@Nullable Node node, String path) {
		if (node == null) {
			return StreamDefinition.DEFAULT_MAX_FUTURE;
		}
		Duration d = this.nodes.nonNegativeDuration(node, path);
		if (d == null) {
			return StreamDefinition.DEFAULT_MAX_FUTURE;
		}
		if (d.compareTo(StreamDefinition.MIN_MAX_FUTURE) < 0) {
			this.nodes.problem(node, path, "must be at least " + Durations.format(StreamDefinition.MIN_MAX_FUTURE)
					+ ": processing checks event times again on its own clock, and the setting must cover the skew"
					+ " between the services' clocks");
			return StreamDefinition.DEFAULT_MAX_FUTURE;
		}
		try {
			d.toMillis();
		}
		catch (ArithmeticException ex) {
			this.nodes.problem(node, path, "is too large (at most 2^63-1 milliseconds, about 292 million years)");
			return StreamDefinition.DEFAULT_MAX_FUTURE;
		}
		return d;
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
