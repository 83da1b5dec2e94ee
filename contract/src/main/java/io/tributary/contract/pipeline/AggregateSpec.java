package io.tributary.contract.pipeline;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One aggregation: {@code name: function(field, params...)}, e.g. {@code views: count} or
 * {@code p99: quantile(latency_ms, 0.99)}.
 */
public record AggregateSpec(String name, String function, @Nullable String field, List<Double> params,
		String location) {

	public AggregateSpec {
		params = List.copyOf(params);
	}

}
