package io.tributary.ingestion.intake;

/** How events are laid out in a body. */
public enum BodyFormat {

	/** One JSON object, or a JSON array of objects. */
	JSON,

	/** Newline-delimited JSON: one object per non-empty line. */
	NDJSON

}
