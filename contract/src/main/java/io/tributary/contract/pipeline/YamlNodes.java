package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the YAML nodes of a pipeline file as the values the sections need (mappings of known
 * properties, named entries, text, field names, expressions, durations, numbers in a range, choices),
 * reporting each problem at its node and answering null (or the fallback) in its place.
 */
final class YamlNodes {

	private final Problems problems;

	YamlNodes(Problems problems) {
		this.problems = problems;
	}

	void problem(@Nullable Node node, String path, String reason) {
		this.problems.add(node, path, reason);
	}

	/** Where a definition was written: {@code file:line:column (path)}. */
	String where(Node node, String path) {
		return this.problems.where(node, path);
	}

	/**
	 * A model record built from what was read at {@code node}; a rule the record itself enforces
	 * (its compact constructor) becomes a problem at that place, like every other.
	 * @return null when the record refused its values
	 */
	<T> @Nullable T build(Node node, String path, Supplier<T> record) {
		try {
			return record.get();
		}
		catch (IllegalArgumentException ex) {
			problem(node, path, ex.getMessage());
			return null;
		}
	}

	/** How many problems the file has so far. */
	int problemCount() {
		return this.problems.count();
	}

	// --- structure ------------------------------------------------------------------------------------

	@Nullable String scalar(Node node, String path) {
		if (node instanceof ScalarNode s) {
			return s.getValue();
		}
		problem(node, path, "expected a single value, not a " + kind(node));
		return null;
	}

	/** The text of a required property, reported at its parent when it is missing. */
	@Nullable String required(Map<String, Node> m, Node parent, String path, String property) {
		Node n = m.get(property);
		if (n == null) {
			problem(parent, path, "'" + property + "' is required");
			return null;
		}
		return scalar(n, path + "." + property);
	}

	/** Entries of a name -> definition mapping, with names checked; an empty value has none. */
	Map<String, Node> entries(Node node, String path) {
		Map<String, Node> result = new LinkedHashMap<>();
		if (!(node instanceof MappingNode mapping)) {
			if (!(node instanceof ScalarNode s && s.getValue().isEmpty())) {
				problem(node, path, "expected a mapping of names to definitions, not a " + kind(node));
			}
			return result;
		}
		for (NodeTuple t : mapping.getValue()) {
			String name = scalar(t.getKeyNode(), path);
			if (name == null) {
				continue;
			}
			if (!Names.isName(name)) {
				problem(t.getKeyNode(), path + "." + name,
						"'" + name + "' is not a valid name (letters, digits, '-', '_', at most 64)");
				continue;
			}
			result.put(name, t.getValueNode());
		}
		return result;
	}

	/** Like {@link #mapping}, where an empty value or {@code null} is an empty mapping. */
	@Nullable Map<String, Node> mappingOrEmpty(Node node, String path, Set<String> allowed) {
		if (node instanceof ScalarNode s && (s.getValue().isEmpty() || "null".equals(s.getValue()))) {
			return Map.of();
		}
		return mapping(node, path, allowed);
	}

	/** A mapping's properties by name; unknown properties are reported and left out. */
	@Nullable Map<String, Node> mapping(Node node, String path, Set<String> allowed) {
		if (!(node instanceof MappingNode mapping)) {
			problem(node, path, "expected a mapping, not a " + kind(node));
			return null;
		}
		Map<String, Node> result = new LinkedHashMap<>();
		for (NodeTuple t : mapping.getValue()) {
			String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
			if (key == null) {
				problem(t.getKeyNode(), path, "keys must be plain names");
				continue;
			}
			if (!allowed.contains(key)) {
				problem(t.getKeyNode(), path.isEmpty() ? key : path + "." + key,
						"unknown property '" + key + "'; expected one of " + new TreeSet<>(allowed));
				continue;
			}
			result.put(key, t.getValueNode());
		}
		return result;
	}

	private static String kind(Node node) {
		return switch (node) {
			case MappingNode ignored -> "mapping";
			case SequenceNode ignored -> "list";
			default -> "value";
		};
	}

	// --- typed values ---------------------------------------------------------------------------------

	/** An expression with its place in the file, not yet compiled; null when absent or empty. */
	@Nullable Expression expression(@Nullable Node node, String path) {
		if (node == null) {
			return null;
		}
		String text = scalar(node, path);
		if (text == null) {
			return null;
		}
		if (text.isBlank()) {
			problem(node, path, "the expression is empty");
			return null;
		}
		return new Expression(text, where(node, path));
	}

	/** A field name, dots for nesting; null when absent or not a field name. */
	@Nullable String field(@Nullable Node node, String path) {
		if (node == null) {
			return null;
		}
		String text = scalar(node, path);
		if (text != null && !Names.isField(text)) {
			problem(node, path, "'" + text + "' is not a field name (letters, digits, '_', dots for nesting)");
			return null;
		}
		return text;
	}

	@Nullable Duration positiveDuration(Node node, String path) {
		Duration d = nonNegativeDuration(node, path);
		if (d != null && d.isZero()) {
			problem(node, path, "must be greater than zero");
			return null;
		}
		return d;
	}

	@Nullable Duration nonNegativeDuration(Node node, String path) {
		String text = scalar(node, path);
		if (text == null) {
			return null;
		}
		try {
			Duration d = Durations.parse(text);
			if (d.isNegative()) {
				problem(node, path, "must not be negative");
				return null;
			}
			return d;
		}
		catch (IllegalArgumentException ex) {
			problem(node, path, ex.getMessage());
			return null;
		}
	}

	/** A number from {@code min} to {@code max}; the fallback when absent or wrong ({@code range} says why). */
	double number(@Nullable Node node, String path, double fallback, double min, double max, String range) {
		if (node == null) {
			return fallback;
		}
		String text = scalar(node, path);
		if (text == null) {
			return fallback;
		}
		try {
			double value = Double.parseDouble(text.trim());
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problem(node, path, "'" + text + "' is not " + range);
		return fallback;
	}

	/** One of an enum's constants, written in any case; the fallback when absent, null when wrong. */
	<E extends Enum<E>> @Nullable E choice(@Nullable Node node, String path, Class<E> type, E fallback) {
		if (node == null) {
			return fallback;
		}
		String text = scalar(node, path);
		if (text == null) {
			return null;
		}
		try {
			return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			List<String> names = Arrays.stream(type.getEnumConstants())
				.map((e) -> e.name().toLowerCase(Locale.ROOT))
				.toList();
			problem(node, path, "'" + text + "' is not one of " + names);
			return null;
		}
	}

}
