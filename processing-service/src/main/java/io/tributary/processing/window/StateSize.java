package io.tributary.processing.window;

/**
 * How much state one pipeline holds in one partition.
 *
 * @param windows windows held (open, or fired and within allowed lateness)
 * @param keys    keys with at least one window held
 * @param heldIds event ids held to recognise redeliveries and duplicates
 */
public record StateSize(long windows, long keys, long heldIds) {
}
