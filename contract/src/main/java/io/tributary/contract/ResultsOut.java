package io.tributary.contract;

/**
 * The naming rules of the outbound results destination ({@link Destinations#RESULTS_OUT}), where
 * storage publishes every result revision, retraction and alert revision it stored, as the JSON of
 * {@link WindowResult} (without accumulator state), {@link WindowRetraction} and {@link Alert}, for
 * downstream systems that subscribe instead of reading Redis. Each message says what it is in
 * {@link Headers#RESULT_TYPE}, {@link Headers#PIPELINE}, {@link Headers#KEY},
 * {@link Headers#REVISION} and {@link Headers#MESSAGE_ID}. Delivery is at least once: the same
 * revision may arrive more than once, always with the same message id.
 */
public final class ResultsOut {

	private ResultsOut() {
	}

	/**
	 * The RabbitMQ routing key, {@code <pipeline>.<type>} ({@code views.result}), so a subscriber
	 * binds {@code views.*} for one pipeline or {@code *.alert} for one type (pipeline names have no
	 * dots).
	 */
	public static String routingKey(String pipeline, FeedEntryType type) {
		return pipeline + "." + type.wireName();
	}

	/**
	 * The Kafka record key, {@code <pipeline>|<key>}: every revision of one key's windows and alerts
	 * goes to one partition, in the order storage published them.
	 */
	public static String recordKey(String pipeline, String key) {
		return pipeline + "|" + key;
	}

	/** The id of a result revision: {@code result|<pipeline>|<key>|<window start millis>|<revision>}. */
	public static String messageId(WindowResult result) {
		return FeedEntryType.RESULT.wireName() + "|" + result.pipeline() + "|" + result.key() + "|"
				+ result.windowStart().toEpochMilli() + "|" + result.revision();
	}

	/** The id of a retraction: {@code retraction|<pipeline>|<key>|<window start millis>|<revision>}. */
	public static String messageId(WindowRetraction retraction) {
		return FeedEntryType.RETRACTION.wireName() + "|" + retraction.pipeline() + "|" + retraction.key() + "|"
				+ retraction.windowStart().toEpochMilli() + "|" + retraction.revision();
	}

	/** The id of an alert revision: {@code alert|<pipeline>|<alert id>|<revision>}. */
	public static String messageId(Alert alert) {
		return FeedEntryType.ALERT.wireName() + "|" + alert.pipeline() + "|" + alert.id() + "|" + alert.revision();
	}

}
