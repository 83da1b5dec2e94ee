package io.tributary.contract.aggregate;

import org.jspecify.annotations.Nullable;

/** {@code min(field)} and {@code max(field)}: a {@link Double}, null when no event had a numeric value. */
final class ExtremumFunction extends NumericFunction<ExtremumFunction.Accumulator> {

	static final class Accumulator {

		boolean present;

		double value;

	}

	private final boolean max;

	ExtremumFunction(FieldPath field, boolean max) {
		super(field);
		this.max = max;
	}

	@Override
	public Accumulator createAccumulator() {
		return new Accumulator();
	}

	@Override
	void addIntegral(Accumulator accumulator, long value) {
		addFractional(accumulator, value);
	}

	@Override
	void addFractional(Accumulator accumulator, double value) {
		if (!accumulator.present || (this.max ? value > accumulator.value : value < accumulator.value)) {
			accumulator.value = value;
			accumulator.present = true;
		}
	}

	@Override
	public Accumulator merge(Accumulator left, Accumulator right) {
		Accumulator merged = new Accumulator();
		if (left.present) {
			addFractional(merged, left.value);
		}
		if (right.present) {
			addFractional(merged, right.value);
		}
		return merged;
	}

	@Override
	public @Nullable Object result(Accumulator accumulator) {
		return accumulator.present ? accumulator.value : null;
	}

	@Override
	public @Nullable Object toSerialForm(Accumulator accumulator) {
		return accumulator.present ? accumulator.value : null;
	}

	@Override
	public Accumulator fromSerialForm(@Nullable Object form) {
		Accumulator accumulator = new Accumulator();
		if (form != null) {
			addFractional(accumulator, doubleOf(form, (this.max ? "max" : "min") + " state"));
		}
		return accumulator;
	}

	@Override
	public String toString() {
		return (this.max ? "max(" : "min(") + field() + ")";
	}

}
