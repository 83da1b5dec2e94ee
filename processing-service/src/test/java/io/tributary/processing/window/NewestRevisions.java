package io.tributary.processing.window;

import java.util.HashMap;
import java.util.Map;

import io.tributary.contract.WindowResult;

/**
 * For tests: the newest revision of every window the checkpoints' outboxes carried, as storage keeps
 * them, with their metrics as numbers keyed {@code pipeline|key|windowStartMillis}.
 */
final class NewestRevisions {

	final Map<String, WindowResult> newest = new HashMap<>();

	void add(Checkpoint checkpoint) {
		for (WindowResult r : checkpoint.outbox().results()) {
			String key = r.pipeline() + "|" + r.key() + "|" + r.windowStart().toEpochMilli();
			WindowResult old = this.newest.get(key);
			if (old == null || old.revision() < r.revision()) {
				this.newest.put(key, r);
			}
		}
	}

	/** Each window's metrics as numbers (null as NaN); a window whose every metric is zero is left out. */
	Map<String, Map<String, Double>> metrics() {
		Map<String, Map<String, Double>> metrics = new HashMap<>();
		this.newest.forEach((key, r) -> {
			Map<String, Double> values = new HashMap<>();
			r.metrics().forEach((name, v) -> values.put(name, (v == null) ? Double.NaN : ((Number) v).doubleValue()));
			// a window whose every metric is zero is one the reference has no entry for
			if (values.values().stream().anyMatch((v) -> v != 0)) {
				metrics.put(key, values);
			}
		});
		return metrics;
	}

}
