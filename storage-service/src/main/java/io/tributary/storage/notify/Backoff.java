package io.tributary.storage.notify;

import java.time.Duration;

/**
 * How long to wait before each retry of a delivery: {@code first} before the second attempt, twice
 * as long before each further one, never longer than {@code max}.
 */
record Backoff(Duration first, Duration max) {

	Backoff {
		if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
			throw new IllegalArgumentException("need 0 < first <= max, got " + first + " and " + max);
		}
	}

	/** The wait before attempt {@code attempt} (2 for the first retry). */
	Duration before(int attempt) {
		if (attempt < 2) {
			throw new IllegalArgumentException("attempt 1 is not a retry");
		}
		int doublings = attempt - 2;
		// past 2^30 the cap has long been reached; avoid overflowing the multiplication
		if (doublings >= 30) {
			return this.max;
		}
		long millis = this.first.toMillis();
		long wait = millis > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : millis << doublings;
		return (wait >= this.max.toMillis()) ? this.max : Duration.ofMillis(wait);
	}

}
