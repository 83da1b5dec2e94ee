package io.tributary.contract.aggregate;

import io.tributary.contract.KeyedEvent;
import org.jspecify.annotations.Nullable;

/**
 * One aggregation over the events of a window. Accumulators are mutable and owned by one window;
 * {@link #merge} makes roll-ups possible (many windows into one answer).
 *
 * @param <A> the accumulator type
 */
public interface AggregateFunction<A> {

	A createAccumulator();

	/**
	 * Adds the event's value to the accumulator. A missing or null value is skipped (and is not an
	 * error); a value this function cannot use (e.g. text for a sum) is skipped too, and reported
	 * by returning false so the caller can count it.
	 * @return false when the event held an unusable value
	 */
	boolean add(A accumulator, KeyedEvent event);

	/** A new accumulator holding both inputs; the inputs are left unchanged. */
	A merge(A left, A right);

	/**
	 * The metric value, JSON-compatible: a {@link Long} or {@link Double} (most functions), a map of
	 * doubles (several quantiles), a list of {@code {value, count}} maps (top), an event's value
	 * (first, last); null when no value was added.
	 */
	@Nullable Object result(A accumulator);

	/**
	 * A compact JSON-compatible form of the accumulator: numbers, lists and maps of them, a Base64
	 * string (the compact bytes of a sketch), null. It travels in checkpoints and window results.
	 */
	@Nullable Object toSerialForm(A accumulator);

	/**
	 * The accumulator a serial form was written from (numbers may come back as any {@link Number}
	 * type, or as text for non-finite doubles).
	 * @throws IllegalArgumentException when the form was not written by this function
	 */
	A fromSerialForm(@Nullable Object form);

}
