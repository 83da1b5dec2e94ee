package io.tributary.contract.aggregate;

import io.tributary.contract.KeyedEvent;
import org.jspecify.annotations.Nullable;

/** {@code count}: the number of events added; a {@link Long}, 0 for an empty accumulator. */
final class CountFunction implements AggregateFunction<CountFunction.Accumulator> {

	static final CountFunction INSTANCE = new CountFunction();

	static final class Accumulator {

		long count;

	}

	private CountFunction() {
	}

	@Override
	public Accumulator createAccumulator() {
		return new Accumulator();
	}

	@Override
	public boolean add(Accumulator accumulator, KeyedEvent event) {
		accumulator.count++;
		return true;
	}

	@Override
	public Accumulator merge(Accumulator left, Accumulator right) {
		Accumulator merged = new Accumulator();
		merged.count = left.count + right.count;
		return merged;
	}

	@Override
	public Object result(Accumulator accumulator) {
		return accumulator.count;
	}

	@Override
	public Object toSerialForm(Accumulator accumulator) {
		return accumulator.count;
	}

	@Override
	public Accumulator fromSerialForm(@Nullable Object form) {
		Accumulator accumulator = new Accumulator();
		accumulator.count = NumericFunction.longOf(form, "count state");
		return accumulator;
	}

	@Override
	public String toString() {
		return "count";
	}

}
