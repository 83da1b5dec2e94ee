package io.tributary.processing.window;

/**
 * Counters of one partition's operator since it was created or restored, and its current size, for
 * metrics.
 *
 * @param eventsAccepted      events added to at least one window
 * @param redeliveries        events ignored because the same acceptance was already counted
 * @param duplicates          events not added because their id was already counted (client retries,
 *                            duplicates in the data)
 * @param lateEvents          late event records emitted (one per event and window)
 * @param invalidValues       values skipped by an aggregation because they were not numbers
 * @param resultsEmitted      window results emitted
 * @param windows             windows held (open, or fired and within allowed lateness)
 * @param dedupEntries        event ids held to recognise redeliveries and duplicates
 */
public record PartitionStats(long eventsAccepted, long redeliveries, long duplicates, long lateEvents,
		long invalidValues, long resultsEmitted, long windows, long dedupEntries) {
}
