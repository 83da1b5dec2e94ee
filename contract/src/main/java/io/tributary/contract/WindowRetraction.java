package io.tributary.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * Withdraws the result stored for a window start that no longer exists: a session window whose
 * start moved (merged with an earlier session, or extended by an earlier event) is stored under
 * its new start, and every result emitted under an old start must go, or queries would list
 * overlapping sessions. Stores keep one result per (pipeline, key, window start), so the
 * retraction names that start; its revision is one above the last revision emitted there, so it
 * wins over every result it withdraws and loses to none written later.
 *
 * @param windowStart     the start the retracted results were stored under
 * @param windowEnd       the end of the last result emitted under that start
 * @param revision        the last revision emitted under {@code windowStart}, plus one
 * @param mergedIntoStart the start of the session that absorbed it
 * @param mergedIntoEnd   that session's end when the retraction was emitted
 */
public record WindowRetraction(String pipeline, String key, Instant windowStart, Instant windowEnd, long revision,
		Instant mergedIntoStart, Instant mergedIntoEnd) {

	public WindowRetraction {
		Objects.requireNonNull(pipeline, "pipeline");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(windowStart, "windowStart");
		Objects.requireNonNull(windowEnd, "windowEnd");
		Objects.requireNonNull(mergedIntoStart, "mergedIntoStart");
		Objects.requireNonNull(mergedIntoEnd, "mergedIntoEnd");
	}

}
