package io.tributary.ingestion.lookup;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of a lookup upsert: a JSON object whose members are the entries; each value is kept
 * as its JSON text, which is how processing reads it back.
 */
final class LookupEntries {

	/** Strict about duplicate keys: which of two values for one key was meant is unknowable. */
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private LookupEntries() {
	}

	/** Key to value-as-JSON-text, in body order. */
	static Map<String, String> parse(byte[] body) {
		JsonNode root;
		try {
			root = MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidLookupException("malformed JSON: " + ex.getOriginalMessage());
		}
		if (root == null || root.isMissingNode()) {
			throw new InvalidLookupException("the body is empty; expected a JSON object of key to value");
		}
		if (!root.isObject()) {
			throw new InvalidLookupException("expected a JSON object of key to value, not a JSON "
					+ root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
		}
		Map<String, String> entries = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			entries.put(entry.getKey(), MAPPER.writeValueAsString(entry.getValue()));
		}
		return entries;
	}

}
