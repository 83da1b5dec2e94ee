package io.tributary.ingestion.backpressure;

import java.time.Duration;

/** A batch refused because the pipeline already holds more work than it should. */
public final class BacklogTooLargeException extends RuntimeException {

	private final long backlog;

	private final long maxBacklog;

	private final Duration retryAfter;

	BacklogTooLargeException(long backlog, long maxBacklog, Duration retryAfter) {
		super("the pipeline is behind: " + backlog + " messages wait in the queues downstream of ingestion (at most "
				+ maxBacklog + " are let build up); nothing was accepted; retry after "
				+ Math.max(1, retryAfter.toSeconds()) + " s");
		this.backlog = backlog;
		this.maxBacklog = maxBacklog;
		this.retryAfter = retryAfter;
	}

	/** Messages waiting when the batch came. */
	public long backlog() {
		return this.backlog;
	}

	/** The configured limit. */
	public long maxBacklog() {
		return this.maxBacklog;
	}

	/** What the client is told to wait. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
