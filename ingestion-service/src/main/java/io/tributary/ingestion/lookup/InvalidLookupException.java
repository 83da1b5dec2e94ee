package io.tributary.ingestion.lookup;

/** A lookup upsert body that is not a JSON object of key to value. */
public class InvalidLookupException extends RuntimeException {

	InvalidLookupException(String message) {
		super(message, null, false, false);
	}

}
