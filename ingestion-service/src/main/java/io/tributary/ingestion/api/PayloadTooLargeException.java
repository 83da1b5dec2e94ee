package io.tributary.ingestion.api;

import org.springframework.util.unit.DataSize;

/** A request body larger than {@code tributary.ingestion.max-request-size}. */
class PayloadTooLargeException extends RuntimeException {

	PayloadTooLargeException(DataSize limit) {
		super("the request body is larger than " + limit.toBytes() + " bytes (" + limit
				+ "); split it into smaller requests", null, false, false);
	}

}
