package io.tributary.ingestion.intake;

import java.util.List;

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
