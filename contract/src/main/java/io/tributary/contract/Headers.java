package io.tributary.contract;

/** Message header names used between services. */
public final class Headers {

	/** The partition of a {@link KeyedBatch}, used by the producer's partition key expression. */
	public static final String PARTITION = "tributaryPartition";

	/** The stream of an {@link EventBatch}. */
	public static final String STREAM = "tributaryStream";

	/** Why ingestion rejected a broker-published message (set on dead-lettered messages). */
	public static final String REJECT_REASON = "x-tributary-reject-reason";

	private Headers() {
	}

}
