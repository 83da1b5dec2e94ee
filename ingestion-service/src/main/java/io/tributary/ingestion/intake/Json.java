package io.tributary.ingestion.intake;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Small helpers over JSON trees. */
final class Json {

	private Json() {
	}

	/** The value at a dotted path ({@code meta.id}), or null when absent or JSON null. */
	static @Nullable JsonNode at(JsonNode object, List<String> path) {
		JsonNode node = object;
		for (String segment : path) {
			if (!node.isObject()) {
				return null;
			}
			node = node.get(segment);
			if (node == null) {
				return null;
			}
		}
		return node.isNull() ? null : node;
	}

	/**
	 * The path ({@code items[2].qty}) of the first integer in the value that a 64-bit long cannot
	 * hold ("" for the value itself), or null when there is none: the wire format reads every integer
	 * as a long. The path is built only for the integer found.
	 */
	static @Nullable String integerBeyondLong(JsonNode value) {
		if (value.isObject()) {
			for (Map.Entry<String, JsonNode> property : value.properties()) {
				String below = integerBeyondLong(property.getValue());
				if (below != null) {
					return property.getKey() + (below.isEmpty() || below.startsWith("[") ? below : "." + below);
				}
			}
			return null;
		}
		if (value.isArray()) {
			for (int i = 0; i < value.size(); i++) {
				String below = integerBeyondLong(value.get(i));
				if (below != null) {
					return "[" + i + "]" + (below.isEmpty() || below.startsWith("[") ? below : "." + below);
				}
			}
			return null;
		}
		return (value.isBigInteger() && !value.canConvertToLong()) ? "" : null;
	}

	/** The kind of a value, for messages: "a string", "an array", ... */
	static String describe(JsonNode value) {
		return switch (value.getNodeType()) {
			case ARRAY -> "an array";
			case OBJECT -> "an object";
			case STRING -> "a string";
			case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal number";
			case BOOLEAN -> "a boolean";
			case NULL -> "null";
			default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
		};
	}

}
