package io.tributary.ingestion.backpressure;

/** Where the pipeline's backlog is read from: the broker, asked in the background, never per request. */
interface BacklogSource extends AutoCloseable {

	/**
	 * Messages waiting in the watched queues, summed.
	 *
	 * @throws RuntimeException when the broker cannot be asked
	 */
	long waitingMessages();

	/** What is watched, for the health details and the log, e.g. the queue names. */
	String describe();

	/** Releases the client, if the source has one of its own. */
	@Override
	default void close() {
	}

}
