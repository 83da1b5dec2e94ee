package io.tributary.contract.aggregate;

import io.tributary.contract.pipeline.AggregateSpec;

/** Builds the aggregate function an {@link AggregateSpec} declares. */
public final class AggregateFunctions {

	private AggregateFunctions() {
	}

	/** @throws IllegalArgumentException when the function is unknown or lacks its field */
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
		return switch (fn) {
			case "sum" -> new SumFunction(path);
			case "avg" -> new AvgFunction(path);
			case "min" -> new ExtremumFunction(path, false);
			case "max" -> new ExtremumFunction(path, true);
			default -> throw new IllegalArgumentException("aggregation '" + spec.name() + "': function '" + fn
					+ "' is not available; available: count, sum(f), min(f), max(f), avg(f)");
		};
	}

}
