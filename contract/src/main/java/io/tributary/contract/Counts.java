package io.tributary.contract;

/**
 * What happened to the events addressed to one window.
 *
 * @param events     events accepted into the window (on time or within allowed lateness)
 * @param late       events that arrived after the window closed for good: not in the metrics,
 *                   recorded as late event records
 * @param duplicates events dropped because an event with the same id was already counted
 */
public record Counts(long events, long late, long duplicates) {

	public static final Counts ZERO = new Counts(0, 0, 0);

	public Counts withLate(long late) {
		return new Counts(this.events, late, this.duplicates);
	}

}
