package io.tributary.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Collections;
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
 * @param metrics  aggregation name to value: a number, a map of numbers (several quantiles), a list
 *                 (top values), an event's value (first, last), or null when no event had the field
 * @param state    aggregation name to the serial form of its accumulator
 *                 ({@code io.tributary.contract.aggregate}), so that windows can be merged into a
 *                 roll-up; kept in the store, left out of what the query API serves; null when
 *                 unknown (results written before it existed)
 */
public record WindowResult(String pipeline, String key, Instant windowStart, Instant windowEnd,
		@JsonProperty("final") boolean isFinal, long revision, Map<String, @Nullable Object> metrics,
		Counts counts, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Map<String, @Nullable Object> state) {

	public WindowResult {
		Objects.requireNonNull(pipeline, "pipeline");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(windowStart, "windowStart");
		Objects.requireNonNull(windowEnd, "windowEnd");
		Objects.requireNonNull(counts, "counts");
		// keep declaration order and allow null values (Map.copyOf allows neither)
		metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
		state = (state != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(state)) : null;
	}

	/** A result without mergeable state. */
	public WindowResult(String pipeline, String key, Instant windowStart, Instant windowEnd, boolean isFinal,
			long revision, Map<String, @Nullable Object> metrics, Counts counts) {
		this(pipeline, key, windowStart, windowEnd, isFinal, revision, metrics, counts, null);
	}

	public WindowResult withCounts(Counts counts) {
		return new WindowResult(this.pipeline, this.key, this.windowStart, this.windowEnd, this.isFinal,
				this.revision, this.metrics, counts, this.state);
	}

	/** The result as the query API serves it: without the accumulators' serial forms. */
	public WindowResult withoutState() {
		return (this.state == null) ? this : new WindowResult(this.pipeline, this.key, this.windowStart,
				this.windowEnd, this.isFinal, this.revision, this.metrics, this.counts, null);
	}

}
