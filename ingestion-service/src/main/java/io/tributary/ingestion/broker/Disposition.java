package io.tributary.ingestion.broker;

import io.tributary.contract.EventBatch;

/** What to do with a message from the ingest exchange. */
sealed interface Disposition {

	/** Forward the batch to processing; ack the message once the broker confirmed it. */
	record Forward(String stream, EventBatch batch) implements Disposition {
	}

	/** Dead-letter the message with the reason; ack it once the dead letter is confirmed. */
	record Reject(String reason) implements Disposition {
	}

}
