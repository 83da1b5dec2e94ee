package io.tributary.contract;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * A window result that storage did not store because its window ended before the pipeline's
 * retention cutoff (wall-clock now minus {@code retention}): typically a backfill of old data. Kept
 * once per window (the newest revision that arrived), beside the late-event records, so that a
 * client sees what was dropped and why.
 *
 * @param revision the newest revision of the window that was dropped
 * @param version  the pipeline version that computed it; records written before they named it read
 *                 as the version of their revision's range ({@link VersionRevisions}), 1 for all of them
 * @param counts   the dropped result's counts (its accepted events are in no stored result)
 * @param cutoff   the retention cutoff the window ended before
 * @param droppedAt when storage dropped it (wall clock)
 */
public record ExpiredResult(String pipeline, String key, Instant windowStart, Instant windowEnd, long revision,
		@JsonSetter(nulls = Nulls.AS_EMPTY) long version, Counts counts, Instant cutoff, Instant droppedAt) {

	/** The reason code clients see for it. */
	public static final String REASON = "expired-retention";

	/** @throws IllegalArgumentException when {@code version} is negative */
	public ExpiredResult {
		if (version < 0) {
			throw new IllegalArgumentException("a version is at least 1, got " + version);
		}
		if (version == 0) {
			// absent (read as 0) from JSON written before dropped results named their version
			version = VersionRevisions.versionOf(revision);
		}
	}

	/** Its id among the pipeline's expired results: one per window of a key. */
	@JsonIgnore
	public String id() {
		return this.key + "|" + this.windowStart.toEpochMilli();
	}

	public static ExpiredResult of(WindowResult result, Instant cutoff, Instant droppedAt) {
		return new ExpiredResult(result.pipeline(), result.key(), result.windowStart(), result.windowEnd(),
				result.revision(), result.version(), result.counts(), cutoff, droppedAt);
	}

}
