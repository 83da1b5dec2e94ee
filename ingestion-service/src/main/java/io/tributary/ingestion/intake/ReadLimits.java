package io.tributary.ingestion.intake;

import java.util.Map;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * How much of a body the intake reads before it refuses it: events per body, the body's length, an
 * NDJSON line's length, and the JSON read constraints (nesting depth, string, number and
 * property-name lengths) that bound what one hostile value can cost to parse.
 *
 * @param maxEvents         most events in one body
 * @param maxDocumentLength longest body, in bytes
 * @param maxLineLength     longest NDJSON line, in bytes, its newline not counted
 * @param maxNestingDepth   deepest nesting of objects and arrays
 * @param maxStringLength   longest string value, in characters
 * @param maxNumberLength   longest number, in characters
 * @param maxNameLength     longest property name, in characters
 */
public record ReadLimits(int maxEvents, long maxDocumentLength, int maxLineLength, int maxNestingDepth,
		int maxStringLength, int maxNumberLength, int maxNameLength) {

	/** Which property sets each of Jackson's limits, for the message that names it. */
	private static final Map<String, String> PROPERTIES = Map.of("getMaxNestingDepth", "max-nesting-depth",
			"getMaxStringLength", "max-string-length", "getMaxNumberLength", "max-number-length",
			"getMaxNameLength", "max-name-length", "getMaxDocumentLength", "max-request-size");

	/** The JSON read constraints of these limits. */
	public StreamReadConstraints constraints() {
		return StreamReadConstraints.builder()
			.maxNestingDepth(this.maxNestingDepth)
			.maxDocumentLength(this.maxDocumentLength)
			.maxStringLength(this.maxStringLength)
			.maxNumberLength(this.maxNumberLength)
			.maxNameLength(this.maxNameLength)
			.build();
	}

	/**
	 * Jackson's message for a broken constraint, with the setting that raises the limit in place of
	 * Jackson's method name: "String value length (20) exceeds the maximum allowed (10, set by
	 * max-string-length)".
	 */
	public static String describe(StreamConstraintsException ex) {
		String message = ex.getOriginalMessage();
		for (Map.Entry<String, String> e : PROPERTIES.entrySet()) {
			String jacksons = "from `StreamReadConstraints." + e.getKey() + "()`";
			if (message.contains(jacksons)) {
				return message.replace(jacksons, "set by " + e.getValue());
			}
		}
		return message;
	}

}
