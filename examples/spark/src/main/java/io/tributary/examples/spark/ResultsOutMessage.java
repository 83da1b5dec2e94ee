package io.tributary.examples.spark;

import java.io.Serializable;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One message of Tributary's outbound results topic, as much of it as a running total needs. The
 * type comes from the record's {@code tributaryType} header, the rest from its JSON value (a
 * {@code WindowResult}, {@code WindowRetraction} or {@code Alert} of Tributary's contract).
 *
 * @param type        {@code result}, {@code retraction} or {@code alert}
 * @param windowStart the window's start as the JSON gives it (ISO-8601); for an alert, its first window's
 * @param isFinal     results: whether the window is final; retractions and alerts: false
 * @param metric      results: the named metric's value, null when the result has none or it is not a number
 */
public record ResultsOutMessage(String type, String pipeline, String key, String windowStart, long revision,
		boolean isFinal, Double metric) implements Serializable {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	public ResultsOutMessage {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(pipeline, "pipeline");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(windowStart, "windowStart");
	}

	/**
	 * Reads a record's value.
	 * @param type   the value of its {@code tributaryType} header
	 * @param json   its value
	 * @param metric the metric of results to read
	 * @throws IllegalArgumentException when the header is missing or unknown, or the value is not such a message
	 */
	public static ResultsOutMessage parse(String type, String json, String metric) {
		if (type == null || !(type.equals("result") || type.equals("retraction") || type.equals("alert"))) {
			throw new IllegalArgumentException(
					"tributaryType header is '" + type + "'; expected result, retraction or alert");
		}
		JsonNode node;
		try {
			node = MAPPER.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Malformed " + type + " message: " + ex.getOriginalMessage(), ex);
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("Malformed " + type + " message: not a JSON object");
		}
		JsonNode value = node.path("metrics").path(metric);
		return new ResultsOutMessage(type, text(node, "pipeline", type), text(node, "key", type),
				text(node, "windowStart", type), number(node, "revision", type),
				type.equals("result") && node.path("final").asBoolean(false),
				value.isNumber() ? value.asDouble() : null);
	}

	/** The window this message is about: (key, window start) within its pipeline. */
	public String window() {
		return this.key + "|" + this.windowStart;
	}

	private static String text(JsonNode node, String field, String type) {
		JsonNode value = node.get(field);
		if (value == null || !value.isTextual()) {
			throw new IllegalArgumentException("Malformed " + type + " message: no text field '" + field + "'");
		}
		return value.asText();
	}

	private static long number(JsonNode node, String field, String type) {
		JsonNode value = node.get(field);
		if (value == null || !value.canConvertToLong()) {
			throw new IllegalArgumentException("Malformed " + type + " message: no integer field '" + field + "'");
		}
		return value.asLong();
	}

}
