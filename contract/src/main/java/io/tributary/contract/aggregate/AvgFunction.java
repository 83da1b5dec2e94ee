package io.tributary.contract.aggregate;

import org.jspecify.annotations.Nullable;

/**
 * {@code avg(field)}: the mean of the numeric values as a {@link Double}; null when there were none.
 * Keeps the same state as {@code sum}: the total and the number of values.
 */
final class AvgFunction extends SumFunction {

	AvgFunction(FieldPath field) {
		super(field);
	}

	@Override
	public @Nullable Object result(SumAccumulator accumulator) {
		return accumulator.values == 0 ? null : accumulator.total() / accumulator.values;
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
