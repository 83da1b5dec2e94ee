package io.tributary.query.web;

/** A key already has as many live streams open on this replica as it may (429 with Retry-After). */
public class TooManyKeyStreamsException extends RuntimeException {

	public TooManyKeyStreamsException(String keyName, int max) {
		super("The API key '" + keyName + "' already has " + max + " live streams open here, as many as it may "
				+ "(tributary.rate-limits.live-streams-per-key); close one or retry later.");
	}

}
