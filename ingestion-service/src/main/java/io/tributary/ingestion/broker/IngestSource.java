package io.tributary.ingestion.broker;

import io.tributary.ingestion.publish.PublishFailedException;

import org.springframework.messaging.Message;

/** What the ingest consumer needs of the broker it runs on: read a message, dead-letter one. */
interface IngestSource {

	/** The stream, id, content type and body of a message as the binder delivered it. */
	BrokerMessage read(Message<byte[]> message);

	/**
	 * Puts the message, unchanged but for the reason header, where rejected messages are kept, and
	 * returns only when the broker has it.
	 * @throws PublishFailedException when the broker did not take it; the original must be redelivered
	 */
	void deadLetter(Message<byte[]> message, BrokerMessage input, String reason);

}
