package io.tributary.contract.aggregate;

import java.util.List;

import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.Aggregation;

/** Builds the aggregate function an {@link AggregateSpec} declares: the factory of each {@link Aggregation}. */
public final class AggregateFunctions {

	private AggregateFunctions() {
	}

	/**
	 * @throws IllegalArgumentException when the function is unknown, lacks its field or has numbers it
	 * does not accept
	 */
	public static AggregateFunction<?> of(AggregateSpec spec) {
		String fn = spec.function();
		Aggregation aggregation = Aggregation.named(fn);
		if (aggregation == Aggregation.COUNT) {
			return CountFunction.INSTANCE;
		}
		String field = spec.field();
		if (field == null || field.isBlank()) {
			throw new IllegalArgumentException(
					"aggregation '" + spec.name() + "': " + fn + " needs a field, e.g. " + fn + "(latency_ms)");
		}
		if (aggregation == null) {
			throw new IllegalArgumentException("aggregation '" + spec.name() + "': function '" + fn
					+ "' is not available; available: " + Aggregation.available());
		}
		try {
			return of(aggregation, new FieldPath(field), spec.params());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("aggregation '" + spec.name() + "': " + ex.getMessage(), ex);
		}
	}

	private static AggregateFunction<?> of(Aggregation aggregation, FieldPath path, List<Double> params) {
		return switch (aggregation) {
			case COUNT -> CountFunction.INSTANCE;
			case SUM -> new SumFunction(path);
			case AVG -> new AvgFunction(path);
			case MIN -> new ExtremumFunction(path, false);
			case MAX -> new ExtremumFunction(path, true);
			case STDDEV -> new StddevFunction(path);
			case QUANTILE -> new QuantileFunction(path, params);
			case DISTINCT -> new DistinctFunction(path);
			case TOP -> new TopFunction(path, k(params));
			case FIRST -> new FirstLastFunction(path, false);
			case LAST -> new FirstLastFunction(path, true);
		};
	}

	/** The one whole number of {@code top}; its range is the function's to check. */
	private static int k(List<Double> params) {
		if (params.size() != 1 || params.get(0) != Math.rint(params.get(0))) {
			throw new IllegalArgumentException("top takes one whole number k, e.g. top(country, 10); got " + params);
		}
		return (int) (double) params.get(0);
	}

}
