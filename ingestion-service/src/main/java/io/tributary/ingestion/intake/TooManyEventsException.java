package io.tributary.ingestion.intake;

/** A request or message holds more events than one request may. */
public final class TooManyEventsException extends IntakeException {

	public TooManyEventsException(int limit) {
		super("more than " + limit + " events in one request; split it into requests of at most " + limit
				+ " events");
	}

}
