package io.tributary.support.broker;

import io.tributary.support.diagnostics.Causes;
import org.jspecify.annotations.Nullable;

/**
 * The broker did not confirm that it holds a message: it was unreachable, refused the message, could
 * route it nowhere, or did not answer in time. The message may or may not have arrived, so nothing
 * that depends on it may be acknowledged; the sender sends again.
 */
public class UnconfirmedException extends RuntimeException implements TransientFailure {

	public UnconfirmedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	public UnconfirmedException(String message) {
		super(message);
	}

}
