package io.tributary.processing.aggregate;

import org.jspecify.annotations.Nullable;

/** {@code avg(field)}: the mean of the numeric values as a {@link Double}; null when there were none. */
final class AvgFunction extends NumericFunction<SumAccumulator> {

	AvgFunction(FieldPath field) {
		super(field);
	}

	@Override
	public SumAccumulator createAccumulator() {
		return new SumAccumulator();
	}

	@Override
	void addIntegral(SumAccumulator accumulator, long value) {
		accumulator.addIntegral(value);
	}

	@Override
	void addFractional(SumAccumulator accumulator, double value) {
		accumulator.addFractional(value);
	}

	@Override
	public SumAccumulator merge(SumAccumulator left, SumAccumulator right) {
		return SumAccumulator.merge(left, right);
	}

	@Override
	public @Nullable Object result(SumAccumulator accumulator) {
		return accumulator.values == 0 ? null : accumulator.total() / accumulator.values;
	}

	@Override
	public Object toSerialForm(SumAccumulator accumulator) {
		return accumulator.toSerialForm();
	}

	@Override
	public SumAccumulator fromSerialForm(@Nullable Object form) {
		return SumAccumulator.fromSerialForm(form, "avg state");
	}

	@Override
	public String toString() {
		return "avg(" + field() + ")";
	}

}
