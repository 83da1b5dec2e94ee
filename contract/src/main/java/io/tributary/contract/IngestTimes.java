package io.tributary.contract;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When ingestion accepted the events that a result batch's window results newly include: the
 * oldest and the newest of those acceptances. Storage measures end-to-end latency (accepted at
 * ingestion to result stored) from them.
 *
 * @param oldest the earliest acceptance: the batch's worst-case latency is measured from it
 * @param newest the latest acceptance
 */
public record IngestTimes(Instant oldest, Instant newest) {

	public IngestTimes {
		Objects.requireNonNull(oldest, "oldest");
		Objects.requireNonNull(newest, "newest");
		if (newest.isBefore(oldest)) {
			throw new IllegalArgumentException("newest " + newest + " is before oldest " + oldest);
		}
	}

	/** The span of both. */
	public IngestTimes span(IngestTimes other) {
		return new IngestTimes(this.oldest.isBefore(other.oldest) ? this.oldest : other.oldest,
				this.newest.isAfter(other.newest) ? this.newest : other.newest);
	}

	/** Per pipeline, the span of both maps' entries. */
	public static Map<String, IngestTimes> merge(Map<String, IngestTimes> a, Map<String, IngestTimes> b) {
		if (a.isEmpty()) {
			return b;
		}
		if (b.isEmpty()) {
			return a;
		}
		Map<String, IngestTimes> merged = new HashMap<>(a);
		b.forEach((pipeline, times) -> merged.merge(pipeline, times, IngestTimes::span));
		return merged;
	}

}
