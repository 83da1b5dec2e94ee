package io.tributary.support.security;

import jakarta.servlet.http.HttpServletResponse;

import io.github.bucket4j.ConsumptionProbe;

/**
 * One request's answer from a bucket and the headers that tell the client about it: the IETF draft's
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the
 * bucket is full again), and {@code Retry-After} (seconds until one request may pass) when refused.
 *
 * @param allowed           the request may go on
 * @param limit             the bucket's size
 * @param remaining         requests left now
 * @param resetSeconds      seconds until the bucket is full again, rounded up
 * @param retryAfterSeconds seconds until the next request may pass (0 when allowed), rounded up, at least 1 when refused
 */
record RateLimitDecision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	static RateLimitDecision of(ConsumptionProbe probe, long limit) {
		boolean allowed = probe.isConsumed();
		long retryAfter = allowed ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill()));
		return new RateLimitDecision(allowed, limit, probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()),
				retryAfter);
	}

	/** Of two buckets that both apply, the one that refused, or else the one with less left. */
	RateLimitDecision tighter(RateLimitDecision other) {
		if (this.allowed != other.allowed) {
			return this.allowed ? other : this;
		}
		return (other.remaining < this.remaining) ? other : this;
	}

	void writeHeaders(HttpServletResponse response) {
		response.setHeader("RateLimit-Limit", Long.toString(this.limit));
		response.setHeader("RateLimit-Remaining", Long.toString(this.remaining));
		response.setHeader("RateLimit-Reset", Long.toString(this.resetSeconds));
		if (!this.allowed) {
			response.setHeader("Retry-After", Long.toString(this.retryAfterSeconds));
		}
	}

	private static long seconds(long nanos) {
		return (nanos <= 0) ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
	}

}
