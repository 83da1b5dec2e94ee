package io.tributary.ingestion.deadletter;

/** A redrive request that names neither ids nor all, or both. */
public final class BadRedriveRequestException extends RuntimeException {

	BadRedriveRequestException(String message) {
		super(message);
	}

}
