package io.tributary.contract.aggregate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@code stddev(field)}: the sample standard deviation of the numeric values (n - 1 in the
 * denominator) as a {@link Double}; null when there were fewer than two. Keeps the count, the mean and
 * the sum of squared differences from the mean (Welford's update); merging uses the parallel formula of
 * Chan, Golub and LeVeque.
 */
final class StddevFunction extends NumericFunction<StddevFunction.Accumulator> {

	static final class Accumulator {

		long count;

		double mean;

		/** The sum of squared differences from the mean. */
		double m2;

	}

	StddevFunction(FieldPath field) {
		super(field);
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
		accumulator.count++;
		double delta = value - accumulator.mean;
		accumulator.mean += delta / accumulator.count;
		accumulator.m2 += delta * (value - accumulator.mean);
	}

	@Override
	public Accumulator merge(Accumulator left, Accumulator right) {
		Accumulator merged = new Accumulator();
		merged.count = left.count + right.count;
		if (left.count == 0 || right.count == 0) {
			Accumulator only = (left.count == 0) ? right : left;
			merged.mean = only.mean;
			merged.m2 = only.m2;
			return merged;
		}
		double delta = right.mean - left.mean;
		merged.mean = left.mean + delta * ((double) right.count / merged.count);
		merged.m2 = left.m2 + right.m2 + delta * delta * ((double) left.count * right.count / merged.count);
		return merged;
	}

	@Override
	public @Nullable Object result(Accumulator accumulator) {
		return accumulator.count < 2 ? null : Math.sqrt(accumulator.m2 / (accumulator.count - 1));
	}

	/** {@code [count, mean, m2]}. */
	@Override
	public Object toSerialForm(Accumulator accumulator) {
		return List.of(accumulator.count, accumulator.mean, accumulator.m2);
	}

	@Override
	public Accumulator fromSerialForm(@Nullable Object form) {
		String what = "stddev state";
		if (!(form instanceof List<?> list) || list.size() != 3) {
			throw new IllegalArgumentException(what + ": expected [count, mean, m2], got " + form);
		}
		Accumulator accumulator = new Accumulator();
		accumulator.count = longOf(list.get(0), what);
		accumulator.mean = doubleOf(list.get(1), what);
		accumulator.m2 = doubleOf(list.get(2), what);
		if (accumulator.count < 0 || accumulator.m2 < 0) {
			throw new IllegalArgumentException(what + ": a negative count or m2 in " + form);
		}
		return accumulator;
	}

	@Override
	public String toString() {
		return "stddev(" + field() + ")";
	}

}
