package io.tributary.ingestion.backpressure;

import java.time.Duration;

/**
 * A batch refused because accepted events already wait too long before processing's window stage
 * applies them.
 */
public final class AcceptLagTooLongException extends RuntimeException {

	private final long acceptLagMillis;

	private final long maxDelayMillis;

	private final Duration retryAfter;

	AcceptLagTooLongException(long acceptLagMillis, long maxDelayMillis, Duration retryAfter) {
		super("the pipeline is behind: accepted events waited up to " + acceptLagMillis
				+ " ms before processing applied them (batches are refused above " + maxDelayMillis
				+ " ms until it is below " + maxDelayMillis / 2 + " ms); nothing was accepted; retry after "
				+ Math.max(1, retryAfter.toSeconds()) + " s");
		this.acceptLagMillis = acceptLagMillis;
		this.maxDelayMillis = maxDelayMillis;
		this.retryAfter = retryAfter;
	}

	/** The accept lag processing reported last. */
	public long acceptLagMillis() {
		return this.acceptLagMillis;
	}

	/** The configured limit. */
	public long maxDelayMillis() {
		return this.maxDelayMillis;
	}

	/** What the client is told to wait. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
