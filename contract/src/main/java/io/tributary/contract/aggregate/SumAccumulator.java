package io.tributary.contract.aggregate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A numeric sum that stays an exact {@code long} while every value is an integer and the total fits
 * in 64 bits, and becomes a double as soon as a fractional value arrives or the total overflows.
 * Shared by {@code sum} and {@code avg}.
 */
final class SumAccumulator {

	private static final int FRACTIONAL = 1;

	private static final int OVERFLOWED = 2;

	/** Number of values added. */
	long values;

	/** Exact sum of the integer values, while not overflowed. */
	long integral;

	/** Sum of the fractional values, plus everything integral once {@link #overflowed}. */
	double fractional;

	boolean sawFractional;

	boolean overflowed;

	void addIntegral(long value) {
		this.values++;
		if (this.overflowed) {
			this.fractional += value;
			return;
		}
		long sum = this.integral + value;
		if (((this.integral ^ sum) & (value ^ sum)) < 0) {
			spill((double) this.integral + (double) value);
		}
		else {
			this.integral = sum;
		}
	}

	void addFractional(double value) {
		this.values++;
		this.sawFractional = true;
		this.fractional += value;
	}

	private void spill(double integralTotal) {
		this.overflowed = true;
		this.fractional += integralTotal;
		this.integral = 0;
	}

	double total() {
		return (double) this.integral + this.fractional;
	}

	/** Null when empty; a Long when exact, else a Double. */
	@Nullable Number sum() {
		if (this.values == 0) {
			return null;
		}
		if (!this.sawFractional && !this.overflowed) {
			return this.integral;
		}
		return total();
	}

	static SumAccumulator merge(SumAccumulator left, SumAccumulator right) {
		SumAccumulator merged = new SumAccumulator();
		merged.values = left.values + right.values;
		merged.sawFractional = left.sawFractional || right.sawFractional;
		merged.fractional = left.fractional + right.fractional;
		long sum = left.integral + right.integral;
		boolean overflow = ((left.integral ^ sum) & (right.integral ^ sum)) < 0;
		if (left.overflowed || right.overflowed || overflow) {
			merged.spill((double) left.integral + (double) right.integral);
		}
		else {
			merged.integral = sum;
		}
		return merged;
	}

	/** {@code [values, integral, fractional, flags]}. */
	List<Object> toSerialForm() {
		int flags = (this.sawFractional ? FRACTIONAL : 0) | (this.overflowed ? OVERFLOWED : 0);
		return List.of(this.values, this.integral, this.fractional, flags);
	}

	static SumAccumulator fromSerialForm(@Nullable Object form, String what) {
		if (!(form instanceof List<?> list) || list.size() != 4) {
			throw new IllegalArgumentException(what + ": expected [values, integral, fractional, flags], got " + form);
		}
		SumAccumulator accumulator = new SumAccumulator();
		accumulator.values = NumericFunction.longOf(list.get(0), what);
		accumulator.integral = NumericFunction.longOf(list.get(1), what);
		accumulator.fractional = NumericFunction.doubleOf(list.get(2), what);
		long flags = NumericFunction.longOf(list.get(3), what);
		accumulator.sawFractional = (flags & FRACTIONAL) != 0;
		accumulator.overflowed = (flags & OVERFLOWED) != 0;
		return accumulator;
	}

}
