package io.tributary.contract.aggregate;

import java.util.List;

import io.tributary.contract.pipeline.AggregateSpec;

/** Builds the aggregate function an {@link AggregateSpec} declares. */
public final class AggregateFunctions {

	private static final String AVAILABLE = "count, sum(f), min(f), max(f), avg(f), stddev(f), quantile(f, q, ...), "
			+ "distinct(f), top(f, k), first(f), last(f)";

	private AggregateFunctions() {
	}

	/**
	 * @throws IllegalArgumentException when the function is unknown, lacks its field or has numbers it
	 * does not accept
	 */
	public static AggregateFunction<?> of(AggregateSpec spec) {
		String fn = spec.function();
		if ("count".equals(fn)) {
			return CountFunction.INSTANCE;
		}
		String field = spec.field();
		if (field == null || field.isBlank()) {
			throw new IllegalArgumentException(
					"aggregation '" + spec.name() + "': " + fn + " needs a field, e.g. " + fn + "(latency_ms)");
		}
		FieldPath path = new FieldPath(field);
		try {
			return switch (fn) {
				case "sum" -> new SumFunction(path);
				case "avg" -> new AvgFunction(path);
				case "min" -> new ExtremumFunction(path, false);
				case "max" -> new ExtremumFunction(path, true);
				case "stddev" -> new StddevFunction(path);
				case "quantile" -> new QuantileFunction(path, spec.params());
				case "distinct" -> new DistinctFunction(path);
				case "top" -> new TopFunction(path, k(spec.params()));
				case "first" -> new FirstLastFunction(path, false);
				case "last" -> new FirstLastFunction(path, true);
				default -> throw new IllegalArgumentException(
						"function '" + fn + "' is not available; available: " + AVAILABLE);
			};
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("aggregation '" + spec.name() + "': " + ex.getMessage(), ex);
		}
	}

	/** The one whole number of {@code top}; its range is the function's to check. */
	private static int k(List<Double> params) {
		if (params.size() != 1 || params.get(0) != Math.rint(params.get(0))) {
			throw new IllegalArgumentException("top takes one whole number k, e.g. top(country, 10); got " + params);
		}
		return (int) (double) params.get(0);
	}

}
