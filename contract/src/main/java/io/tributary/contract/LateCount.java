package io.tributary.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * The payload of a live-feed entry of type {@link FeedEntryType#LATE}: a window's late count after
 * storage counted a late event on it.
 *
 * @param late the late events storage has counted on the window so far
 */
public record LateCount(String pipeline, String key, Instant windowStart, Instant windowEnd, long late) {

	public LateCount {
		Objects.requireNonNull(pipeline, "pipeline");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(windowStart, "windowStart");
		Objects.requireNonNull(windowEnd, "windowEnd");
	}

}
