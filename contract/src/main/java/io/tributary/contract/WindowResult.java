package io.tributary.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

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
 * @param revision grows by one with every emission of this window; a store never goes backwards. A
 *                 pipeline version's revisions lie above every older version's ({@link VersionRevisions})
 * @param version  the version of the pipeline that computed it (a new version begins with an
 *                 incompatible change of the definition). Results written before results named it
 *                 read as the version their revision's range names: 1 for all written before
 *                 pipeline versions existed
 * @param metrics  aggregation name to value: a number, a map of numbers (several quantiles), a list
 *                 (top values), an event's value (first, last), or null when no event had the field
 * @param state    aggregation name to the serial form of its accumulator
 *                 ({@code io.tributary.contract.aggregate}), so that windows can be merged into a
 *                 roll-up; kept in the store, left out of what the query API serves; null when
 *                 unknown (results written before it existed)
 * @param forecast the key's forecast when the result was emitted, for a pipeline that declares one
 *                 (learned from the key's final windows up to then); null otherwise, and in results
 *                 written before it existed. Left out of the JSON when null
 */
public record WindowResult(String pipeline, String key, Instant windowStart, Instant windowEnd,
		@JsonProperty("final") boolean isFinal, long revision,
		@JsonSetter(nulls = Nulls.AS_EMPTY) long version, Map<String, @Nullable Object> metrics,
		Counts counts, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Map<String, @Nullable Object> state,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Forecast forecast) {

	/** @throws IllegalArgumentException when {@code version} is negative */
	public WindowResult {
		Objects.requireNonNull(pipeline, "pipeline");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(windowStart, "windowStart");
		Objects.requireNonNull(windowEnd, "windowEnd");
		Objects.requireNonNull(counts, "counts");
		if (version < 0) {
			throw new IllegalArgumentException("a version is at least 1, got " + version);
		}
		if (version == 0) {
			// absent (read as 0) from JSON written before results named their version
			version = VersionRevisions.versionOf(revision);
		}
		// keep declaration order and allow null values (Map.copyOf allows neither)
		metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
		state = (state != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(state)) : null;
	}

	/** A result without a forecast. */
	public WindowResult(String pipeline, String key, Instant windowStart, Instant windowEnd, boolean isFinal,
			long revision, long version, Map<String, @Nullable Object> metrics, Counts counts,
			@Nullable Map<String, @Nullable Object> state) {
		this(pipeline, key, windowStart, windowEnd, isFinal, revision, version, metrics, counts, state, null);
	}

	/** A result of the version its revision's range names ({@link VersionRevisions#versionOf}). */
	public WindowResult(String pipeline, String key, Instant windowStart, Instant windowEnd, boolean isFinal,
			long revision, Map<String, @Nullable Object> metrics, Counts counts,
			@Nullable Map<String, @Nullable Object> state) {
		this(pipeline, key, windowStart, windowEnd, isFinal, revision, 0, metrics, counts, state);
	}

	/** A result without mergeable state, of the version its revision's range names. */
	public WindowResult(String pipeline, String key, Instant windowStart, Instant windowEnd, boolean isFinal,
			long revision, Map<String, @Nullable Object> metrics, Counts counts) {
		this(pipeline, key, windowStart, windowEnd, isFinal, revision, 0, metrics, counts, null);
	}

	public WindowResult withCounts(Counts counts) {
		return new WindowResult(this.pipeline, this.key, this.windowStart, this.windowEnd, this.isFinal,
				this.revision, this.version, this.metrics, counts, this.state, this.forecast);
	}

	/** The result as the query API serves it: without the accumulators' serial forms. */
	public WindowResult withoutState() {
		return (this.state == null) ? this : new WindowResult(this.pipeline, this.key, this.windowStart,
				this.windowEnd, this.isFinal, this.revision, this.version, this.metrics, this.counts, null,
				this.forecast);
	}

}
