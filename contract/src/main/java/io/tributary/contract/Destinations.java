package io.tributary.contract;

/**
 * Broker destination names (RabbitMQ exchanges, Kafka topics) under a namespace, so that several
 * Tributary installations, or test runs, can share one broker. Services name these destinations
 * in their binding configuration as {@code ${tributary.namespace}.<suffix>}.
 */
public final class Destinations {

	/** Where broker publishers send events; routing key = stream name. */
	public static final String INGEST = "ingest";

	/** Invalid broker-published events, with the reason in the {@link Headers#REJECT_REASON} header. */
	public static final String INGEST_DEAD_LETTER = "ingest.dlq";

	/** Accepted events ({@link EventBatch}); routing key = stream name. */
	public static final String EVENTS = "events";

	/** Keyed events ({@link KeyedBatch}), partitioned by {@link Partitions#of}. */
	public static final String KEYED = "keyed";

	/** {@link ResultBatch}es from processing to storage. */
	public static final String RESULTS = "results";

	/**
	 * What storage applied, for downstream systems to subscribe to ({@link ResultsOut}): a durable
	 * topic exchange on RabbitMQ, a topic on Kafka.
	 */
	public static final String RESULTS_OUT = "results.out";

	private Destinations() {
	}

	public static String name(String namespace, String suffix) {
		return namespace + "." + suffix;
	}

}
