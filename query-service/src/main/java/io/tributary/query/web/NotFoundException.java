package io.tributary.query.web;

/** Something the request names (a pipeline, a key, a stream) does not exist: answered with 404. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
