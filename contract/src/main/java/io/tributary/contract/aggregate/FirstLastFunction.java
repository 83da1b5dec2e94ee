package io.tributary.contract.aggregate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.contract.KeyedEvent;
import org.jspecify.annotations.Nullable;

/**
 * {@code first(field)} and {@code last(field)}: the field's value, as it was (any JSON value), in the
 * event with the earliest (first) or latest (last) event time, to the millisecond; among events of the
 * same time, the one with the smaller (first) or larger (last) event id, so that the answer does not
 * depend on arrival or merge order. Events without the field are skipped. Null when no event had it.
 * The serial form is {@code {"t": epochMillis, "id": eventId, "v": value}}, null when empty.
 */
final class FirstLastFunction implements AggregateFunction<FirstLastFunction.Accumulator> {

	static final class Accumulator {

		boolean present;

		long time;

		String id = "";

		@Nullable Object value;

	}

	private final FieldPath field;

	private final boolean last;

	FirstLastFunction(FieldPath field, boolean last) {
		this.field = field;
		this.last = last;
	}

	@Override
	public Accumulator createAccumulator() {
		return new Accumulator();
	}

	@Override
	public boolean add(Accumulator accumulator, KeyedEvent event) {
		Object value = this.field.read(event.values());
		if (value != null) {
			offer(accumulator, event.eventTime().toEpochMilli(), event.eventId(), value);
		}
		return true;
	}

	private void offer(Accumulator accumulator, long time, String id, @Nullable Object value) {
		if (!accumulator.present || precedes(time, id, accumulator.time, accumulator.id)) {
			accumulator.present = true;
			accumulator.time = time;
			accumulator.id = id;
			accumulator.value = value;
		}
	}

	/** Whether (time, id) is to be kept rather than (heldTime, heldId). */
	private boolean precedes(long time, String id, long heldTime, String heldId) {
		int order = (time != heldTime) ? Long.compare(time, heldTime) : id.compareTo(heldId);
		return this.last ? order > 0 : order < 0;
	}

	@Override
	public Accumulator merge(Accumulator left, Accumulator right) {
		Accumulator merged = new Accumulator();
		for (Accumulator part : new Accumulator[] { left, right }) {
			if (part.present) {
				offer(merged, part.time, part.id, part.value);
			}
		}
		return merged;
	}

	@Override
	public @Nullable Object result(Accumulator accumulator) {
		return accumulator.present ? accumulator.value : null;
	}

	@Override
	public @Nullable Object toSerialForm(Accumulator accumulator) {
		if (!accumulator.present) {
			return null;
		}
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("t", accumulator.time);
		form.put("id", accumulator.id);
		form.put("v", accumulator.value);
		return form;
	}

	@Override
	public Accumulator fromSerialForm(@Nullable Object form) {
		String what = name() + " state";
		Accumulator accumulator = new Accumulator();
		if (form == null) {
			return accumulator;
		}
		if (!(form instanceof Map<?, ?> map) || map.size() != 3 || !(map.get("id") instanceof String id)
				|| map.get("v") == null) {
			throw new IllegalArgumentException(what + ": expected {\"t\": millis, \"id\": eventId, \"v\": value}, got "
					+ form);
		}
		offer(accumulator, NumericFunction.longOf(map.get("t"), what), id, map.get("v"));
		return accumulator;
	}

	private String name() {
		return this.last ? "last" : "first";
	}

	@Override
	public String toString() {
		return name() + "(" + this.field + ")";
	}

}
