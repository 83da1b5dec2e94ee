package io.tributary.systemtests.e2e;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The aggregates of the YSB pipeline in the system tests, in declaration order. */
final class YsbAggregates {

	static final Map<String, String> ALL;

	static {
		Map<String, String> a = new LinkedHashMap<>();
		a.put("views", "count");
		a.put("total_latency", "sum(latency_ms)");
		a.put("min_latency", "min(latency_ms)");
		a.put("max_latency", "max(latency_ms)");
		a.put("avg_latency", "avg(latency_ms)");
		a.put("sd_latency", "stddev(latency_ms)");
		ALL = Collections.unmodifiableMap(a);
	}

	private YsbAggregates() {
	}

}
