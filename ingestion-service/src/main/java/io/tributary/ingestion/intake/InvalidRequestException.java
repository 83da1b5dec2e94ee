package io.tributary.ingestion.intake;

import java.util.List;

/**
 * A body that is not valid: malformed JSON, no events, or events that break their stream's rules.
 * Carries the problems per event (at most as many as the intake reports) and how many events were
 * invalid in all.
 */
public final class InvalidRequestException extends IntakeException {

	private final boolean malformed;

	private final List<EventError> errors;

	private final int invalidEvents;

	private InvalidRequestException(boolean malformed, String detail, List<EventError> errors, int invalidEvents) {
		super(detail);
		this.malformed = malformed;
		this.errors = List.copyOf(errors);
		this.invalidEvents = invalidEvents;
	}

	static InvalidRequestException malformedBody(String detail, List<EventError> errors) {
		return new InvalidRequestException(true, detail, errors, errors.isEmpty() ? 0 : 1);
	}

	static InvalidRequestException invalidEvents(List<EventError> errors, int invalidEvents, int events) {
		String detail = invalidEvents + " of " + events + " event(s) are invalid; nothing was accepted";
		return new InvalidRequestException(false, detail, errors, invalidEvents);
	}

	/** True when the body could not be read as events at all; false when events broke the rules. */
	public boolean malformed() {
		return this.malformed;
	}

	/** The problems, event by event, in the order of the events. */
	public List<EventError> errors() {
		return this.errors;
	}

	/** How many events are invalid; may exceed the number of {@link #errors()} listed. */
	public int invalidEvents() {
		return this.invalidEvents;
	}

	/** The message plus the listed errors, for a single-line reason (a dead-letter header). */
	public String reason() {
		StringBuilder sb = new StringBuilder(getMessage());
		for (EventError e : this.errors) {
			sb.append("; [").append(e.index()).append("] ").append(e.message());
		}
		return sb.toString();
	}

}
