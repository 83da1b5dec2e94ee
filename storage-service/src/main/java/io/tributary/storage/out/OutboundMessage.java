package io.tributary.storage.out;

import io.tributary.contract.FeedEntryType;
import io.tributary.contract.ResultsOut;

/**
 * One message for the outbound results destination.
 *
 * @param type     result, retraction or alert
 * @param key      the result's or retraction's key, the alert's key
 * @param revision the revision of what it carries
 * @param id       the same for every copy of this revision ({@link ResultsOut#messageId})
 * @param json     the payload: the record's JSON
 */
record OutboundMessage(FeedEntryType type, String pipeline, String key, long revision, String id, byte[] json) {

	/** RabbitMQ's routing key, {@code <pipeline>.<type>}. */
	String routingKey() {
		return ResultsOut.routingKey(this.pipeline, this.type);
	}

	/** Kafka's record key, {@code <pipeline>|<key>}. */
	String recordKey() {
		return ResultsOut.recordKey(this.pipeline, this.key);
	}

}
