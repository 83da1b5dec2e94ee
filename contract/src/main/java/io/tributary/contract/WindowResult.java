package io.tributary.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The result of one window of one key of one pipeline, at one revision.
 *
 * @param isFinal  true once the watermark has passed the window's end: the on-time result is
 *                 complete (later revisions only add events that were late within allowed lateness)
 * @param revision grows by one with every emission of this window; a store never goes backwards
 * @param metrics  aggregation name to value (a number, or null when no event had the field)
 */
public record WindowResult(String pipeline, String key, Instant windowStart, Instant windowEnd,
		@JsonProperty("final") boolean isFinal, long revision, Map<String, @Nullable Object> metrics,
		Counts counts) {

	public WindowResult {
		Objects.requireNonNull(pipeline, "pipeline");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(windowStart, "windowStart");
		Objects.requireNonNull(windowEnd, "windowEnd");
		Objects.requireNonNull(counts, "counts");
		// keep declaration order and allow null values (Map.copyOf allows neither)
		metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
	}

	public WindowResult withCounts(Counts counts) {
		return new WindowResult(this.pipeline, this.key, this.windowStart, this.windowEnd, this.isFinal,
				this.revision, this.metrics, counts);
	}

}
