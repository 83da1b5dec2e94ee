package io.tributary.ingestion.deadletter;

/**
 * A redrive stopped because the broker (or Redis) did not complete a step. What it confirmed is
 * done; the rest stays where it was, and running the redrive again finishes it without counting
 * anything twice.
 */
public final class RedriveFailedException extends RuntimeException {

	RedriveFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
