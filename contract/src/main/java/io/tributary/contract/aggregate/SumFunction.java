package io.tributary.contract.aggregate;

import org.jspecify.annotations.Nullable;

/**
 * {@code sum(field)}: a {@link Long} while every value was an integer and the total fits in 64 bits,
 * else a {@link Double}; null when no event had a numeric value.
 */
class SumFunction extends NumericFunction<SumAccumulator> {

	SumFunction(FieldPath field) {
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
		return accumulator.sum();
	}

	@Override
	public Object toSerialForm(SumAccumulator accumulator) {
		return accumulator.toSerialForm();
	}

	@Override
	public SumAccumulator fromSerialForm(@Nullable Object form) {
		return SumAccumulator.fromSerialForm(form, "sum state");
	}

	@Override
	public String toString() {
		return "sum(" + field() + ")";
	}

}
