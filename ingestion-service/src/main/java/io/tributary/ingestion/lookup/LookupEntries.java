package io.tributary.ingestion.lookup;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.ingestion.intake.LimitExceededException;
import io.tributary.ingestion.intake.ReadLimits;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of a lookup upsert: a JSON object whose members are the entries; each value is kept
 * as its JSON text, which is how processing reads it back. The intake's JSON read constraints bound
 * what a hostile body costs to parse.
 */
final class LookupEntries {

	/** Strict about duplicate keys: which of two values for one key was meant is unknowable. */
	private final JsonMapper mapper;

	LookupEntries(StreamReadConstraints constraints) {
		this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
	}

	/** Key to value-as-JSON-text, in body order. */
	Map<String, String> parse(byte[] body) {
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (StreamConstraintsException ex) {
			throw new LimitExceededException("the lookup body: " + ReadLimits.describe(ex));
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
			entries.put(entry.getKey(), this.mapper.writeValueAsString(entry.getValue()));
		}
		return entries;
	}

}
