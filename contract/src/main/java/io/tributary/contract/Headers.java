package io.tributary.contract;

/** Message header names used between services and on the messages they dead-letter. */
public final class Headers {

	/** The partition of a {@link KeyedBatch}, used by the producer's partition key expression. */
	public static final String PARTITION = "tributaryPartition";

	/** The stream of an {@link EventBatch}. */
	public static final String STREAM = "tributaryStream";

	/**
	 * The name (never the key) of the API key whose HTTP request published an {@link EventBatch}, so
	 * that dead letters made from its events say who sent them. Absent on batches from broker
	 * publishers and on messages written before it existed.
	 */
	public static final String API_KEY_NAME = "x-tributary-api-key-name";

	/**
	 * What an {@link EventBatch} message on the events destination carries: absent for events,
	 * {@value #PROGRESS} for an ingestion instance's progress markers. For people and tools reading
	 * the queue; readers of the payload see it in {@link EventBatch#progress()}.
	 */
	public static final String MESSAGE_TYPE = "tributaryMessageType";

	/** The {@link #MESSAGE_TYPE} of a progress marker. */
	public static final String PROGRESS = "progress";

	/**
	 * When a service handed the message to the broker (epoch millis, a {@code Long}), on every message
	 * the services publish: the consuming stage measures the hop's latency from it. Absent on messages
	 * from other publishers and on those written before it existed.
	 */
	public static final String SENT_AT = "tributarySentAt";

	/**
	 * Why a message was dead-lettered: broker input that ingestion rejected, or a results message
	 * that storage cannot read. The one reason header of every dead letter the services write.
	 */
	public static final String REJECT_REASON = "x-tributary-reject-reason";

	/**
	 * What a message on the outbound results destination ({@link ResultsOut}) carries: the
	 * {@link FeedEntryType#wireName()} {@code result}, {@code retraction} or {@code alert}.
	 */
	public static final String RESULT_TYPE = "tributaryType";

	/** The pipeline of a message on the outbound results destination. */
	public static final String PIPELINE = "tributaryPipeline";

	/** The key (of a result or retraction, the alerted key of an alert) of a message on the outbound results destination. */
	public static final String KEY = "tributaryKey";

	/**
	 * The revision of a message on the outbound results destination: a long on RabbitMQ, its decimal
	 * text on Kafka (whose headers are bytes).
	 */
	public static final String REVISION = "tributaryRevision";

	/**
	 * The id of a message on the outbound results destination ({@link ResultsOut#messageId}): the same
	 * for every copy of one revision, so a subscriber can drop duplicates by it. On RabbitMQ it is
	 * also the message's {@code message_id} property.
	 */
	public static final String MESSAGE_ID = "tributaryMessageId";

	/** Where a dead-lettered Kafka record was read: its topic. */
	public static final String ORIGINAL_TOPIC = "x-original-topic";

	/** Where a dead-lettered Kafka record was read: its partition. */
	public static final String ORIGINAL_PARTITION = "x-original-partition";

	/** Where a dead-lettered Kafka record was read: its offset. */
	public static final String ORIGINAL_OFFSET = "x-original-offset";

	/** Where a dead-lettered RabbitMQ message was published: its exchange. */
	public static final String ORIGINAL_EXCHANGE = "x-original-exchange";

	/** Where a dead-lettered RabbitMQ message was published: its routing key (on the ingest exchange, the stream). */
	public static final String ORIGINAL_ROUTING_KEY = "x-original-routingKey";

	private Headers() {
	}

}
