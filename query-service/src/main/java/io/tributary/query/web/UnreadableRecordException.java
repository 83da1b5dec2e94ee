package io.tributary.query.web;

/**
 * A value in Redis that does not have the layout the contract promises. This is a fault of the
 * writer or of an operator, not of the request, so it is a 500 that says which record; the cause is
 * logged, never sent.
 */
public class UnreadableRecordException extends RuntimeException {

	public UnreadableRecordException(String what, Throwable cause) {
		super(what + " is not readable", cause);
	}

	public UnreadableRecordException(String what, String reason) {
		super(what + " is not readable: " + reason);
	}

}
