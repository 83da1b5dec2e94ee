package io.tributary.ingestion.intake;

/**
 * A body that breaks one of the {@link ReadLimits} beyond the event count: a line, string, number or
 * property name too long, or nesting too deep. It was refused at that point, unread beyond it.
 */
public final class LimitExceededException extends IntakeException {

	public LimitExceededException(String message) {
		super(message);
	}

}
