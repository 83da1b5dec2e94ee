package io.tributary.contract;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

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

	/** Both, spanning the two; either may be null (unknown). */
	public static @Nullable IngestTimes merge(@Nullable IngestTimes a, @Nullable IngestTimes b) {
		if (a == null) {
			return b;
		}
		if (b == null) {
			return a;
		}
		return new IngestTimes(a.oldest.isBefore(b.oldest) ? a.oldest : b.oldest,
				a.newest.isAfter(b.newest) ? a.newest : b.newest);
	}

}
