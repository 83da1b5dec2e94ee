package io.tributary.query.web;

/** This replica serves as many live streams as it may; the client retries (503 with Retry-After). */
public class TooManyStreamsException extends RuntimeException {

	public TooManyStreamsException(int max) {
		super("This query replica already serves " + max + " live streams; retry shortly or use another replica.");
	}

	private TooManyStreamsException(String message) {
		super(message);
	}

	/** The replica is shutting down: the client reconnects, to another replica. */
	public static TooManyStreamsException shuttingDown() {
		return new TooManyStreamsException("This query replica is shutting down; reconnect (to another replica).");
	}

}
