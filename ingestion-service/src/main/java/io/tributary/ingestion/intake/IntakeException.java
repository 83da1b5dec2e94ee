package io.tributary.ingestion.intake;

/**
 * A request or message that cannot be accepted as it is; nothing of it was forwarded. Sealed so that
 * every entry point (HTTP, broker) handles every kind.
 */
public abstract sealed class IntakeException extends RuntimeException
		permits UnknownStreamException, TooManyEventsException, InvalidRequestException,
		LimitExceededException {

	IntakeException(String message) {
		super(message, null, false, false);
	}

}
