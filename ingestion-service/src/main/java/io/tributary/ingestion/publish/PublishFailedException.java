package io.tributary.ingestion.publish;

/**
 * The broker did not confirm that it holds the events (it is unreachable, it refused them, it could
 * route them nowhere, or its confirm did not come in time). The events may or may not have reached
 * it, so the publisher must retry; nothing may be reported as accepted.
 */
public class PublishFailedException extends RuntimeException {

	public PublishFailedException(String message, Throwable cause) {
		super(message, cause);
	}

	public PublishFailedException(String message) {
		super(message);
	}

}
