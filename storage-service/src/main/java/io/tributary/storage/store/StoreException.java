package io.tributary.storage.store;

import io.tributary.support.broker.TransientFailure;

/**
 * Redis did not complete a batch's writes (unavailable, timed out, or an error reply). Some
 * writes may have been applied; all are idempotent, so the whole batch is written again later.
 */
public class StoreException extends RuntimeException implements TransientFailure {

	public StoreException(String message, Throwable cause) {
		super(message, cause);
	}

	public StoreException(String message) {
		super(message);
	}

}
