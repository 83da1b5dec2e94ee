package io.tributary.contract.aggregate;

import java.math.BigDecimal;
import java.math.BigInteger;

import io.tributary.contract.KeyedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Base of the aggregations over a numeric field. Integers (as JSON parsing yields them: Integer,
 * Long, BigInteger within 64 bits) stay exact; other numbers are doubles. Text, booleans, objects
 * and non-finite numbers are not numbers: they are skipped and reported (never parsed from text).
 */
abstract class NumericFunction<A> implements AggregateFunction<A> {

	private final FieldPath field;

	NumericFunction(FieldPath field) {
		this.field = field;
	}

	@Override
	public final boolean add(A accumulator, KeyedEvent event) {
		Object value = this.field.read(event.values());
		switch (value) {
			case null -> {
				return true;
			}
			case Long l -> addIntegral(accumulator, l);
			case Integer i -> addIntegral(accumulator, i);
			case Short s -> addIntegral(accumulator, s);
			case Byte b -> addIntegral(accumulator, b);
			case BigInteger b when b.bitLength() < 64 -> addIntegral(accumulator, b.longValue());
			case BigInteger b -> {
				return addFinite(accumulator, b.doubleValue());
			}
			case BigDecimal d -> {
				return addFinite(accumulator, d.doubleValue());
			}
			case Number n -> {
				return addFinite(accumulator, n.doubleValue());
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	private boolean addFinite(A accumulator, double value) {
		if (!Double.isFinite(value)) {
			return false;
		}
		addFractional(accumulator, value);
		return true;
	}

	abstract void addIntegral(A accumulator, long value);

	abstract void addFractional(A accumulator, double value);

	String field() {
		return this.field.toString();
	}

	static long longOf(@Nullable Object form, String what) {
		if (form instanceof Number n && !(form instanceof Double) && !(form instanceof Float)
				&& !(form instanceof BigDecimal)) {
			if (n instanceof BigInteger b && b.bitLength() >= 64) {
				throw new IllegalArgumentException(what + ": " + form + " is out of range");
			}
			return n.longValue();
		}
		throw new IllegalArgumentException(what + ": expected an integer, got " + form);
	}

	static double doubleOf(@Nullable Object form, String what) {
		if (form instanceof Number n) {
			return n.doubleValue();
		}
		if (form instanceof String s) {
			// non-finite doubles are written as text by the JSON writer
			try {
				return Double.parseDouble(s);
			}
			catch (NumberFormatException ex) {
				// fall through
			}
		}
		throw new IllegalArgumentException(what + ": expected a number, got " + form);
	}

}
