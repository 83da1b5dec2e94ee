package io.tributary.systemtests.client;

/** Publishes events straight onto the broker's ingest destination, as a broker publisher does. */
public interface BrokerIngestPublisher extends AutoCloseable {

	/**
	 * Publishes one message (a JSON object or array) for the stream and returns once the broker has it.
	 * @param messageId the publisher's message id, from which ingestion derives the events' ids
	 */
	void publish(String stream, Object body, String messageId);

	/** As {@link #publish}, with any body and content type (for bad input). */
	void publishRaw(String stream, byte[] body, String contentType, String messageId);

	@Override
	void close();

}
