package io.tributary.systemtests.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.WindowResult;
import io.tributary.systemtests.client.QueryClient;

/** Whether the final results hold exactly the accepted views, window by window. */
record Completeness(long accepted, long counted, long late, long windows, long notFinal, long mismatched,
		List<String> samples) {

	static Completeness check(QueryClient query, String pipeline, List<String> campaigns,
			Map<WindowId, Long> expected) {
		Map<WindowId, WindowResult> actual = new LinkedHashMap<>();
		for (String campaign : campaigns) {
			for (WindowResult w : query.results(pipeline, campaign)) {
				actual.put(new WindowId(w.key(), w.windowStart().toEpochMilli()), w);
			}
		}
		long accepted = expected.values().stream().mapToLong(Long::longValue).sum();
		long counted = actual.values().stream().mapToLong((w) -> w.counts().events()).sum();
		long late = actual.values().stream().mapToLong((w) -> w.counts().late()).sum();
		long notFinal = actual.values().stream().filter((w) -> !w.isFinal()).count();
		long mismatched = 0;
		List<String> samples = new ArrayList<>();
		Set<WindowId> all = new HashSet<>(expected.keySet());
		all.addAll(actual.keySet());
		for (WindowId id : all) {
			long want = expected.getOrDefault(id, 0L);
			WindowResult got = actual.get(id);
			long have = (got != null) ? got.counts().events() : 0;
			if (want != have) {
				mismatched++;
				if (samples.size() < 3) {
					samples.add(id.key() + "@" + Instant.ofEpochMilli(id.windowStartMillis()) + ": accepted " + want
							+ ", counted " + have);
				}
			}
		}
		return new Completeness(accepted, counted, late, all.size(), notFinal, mismatched, samples);
	}

	String describe() {
		String pct = (this.accepted > 0) ? String.format(Locale.ROOT, " (%.2f%%)", 100.0 * this.counted / this.accepted)
				: "";
		return this.counted + " of " + this.accepted + " accepted views" + pct + "; " + this.windows + " windows, "
				+ this.notFinal + " not final, " + this.mismatched + " with a different count" + ", " + this.late
				+ " late" + (this.samples.isEmpty() ? "" : " (e.g. " + String.join("; ", this.samples) + ")");
	}

}
