package io.tributary.ingestion.api;

import java.time.Duration;

/** A request body that did not arrive whole within {@code tributary.ingestion.body-read-timeout}. */
class BodyTooSlowException extends RuntimeException {

	BodyTooSlowException(Duration deadline) {
		super("the request body did not arrive within " + deadline.toMillis()
				+ " ms; nothing was accepted; send it faster or in smaller requests", null, false, false);
	}

}
