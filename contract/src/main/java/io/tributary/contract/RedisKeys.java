package io.tributary.contract;

/**
 * The Redis key layout, under a namespace, and the hash and stream fields that more than one
 * service reads or writes: every such name is written here once. Keys that one atomic write
 * touches together share a hash tag (the part in braces), so the layout also works on Redis Cluster.
 */
public final class RedisKeys {

	/** Field of {@link #pipelineStatus} per partition, followed by its number: the partition's watermark. */
	public static final String WATERMARK_FIELD_PREFIX = "watermark:p";

	/** Field of {@link #pipelineStatus}: when storage last applied a result of the pipeline. */
	public static final String LAST_RESULT_AT_FIELD = "lastResultAt";

	/** Field of {@link #pipelineStatus}: the latest window end of a final result storage applied (epoch millis). */
	public static final String LAST_FINAL_WINDOW_END_FIELD = "lastFinalWindowEnd";

	/**
	 * Field of {@link #pipelineStatus}: how long after its window end storage applied the final result
	 * of {@link #LAST_FINAL_WINDOW_END_FIELD} (millis): the pipeline's latest result freshness.
	 */
	public static final String FRESHNESS_FIELD = "freshnessMs";

	/** Field of a {@link #feed} entry: its {@link FeedEntryType} (absent for a result). */
	public static final String FEED_TYPE_FIELD = "type";

	/** Field of a {@link #feed} entry: its payload, JSON of its type's {@link FeedEntryType#payloadType()}. */
	public static final String FEED_DATA_FIELD = "data";

	/** Field of an {@link #alertDeliveries} entry: the alert revision to deliver, as JSON. */
	public static final String DELIVERY_ALERT_FIELD = "alert";

	/** Field of an {@link #alertDeliveries} entry: the names of the targets, comma-separated. */
	public static final String DELIVERY_TARGETS_FIELD = "targets";

	/** The consumer group of {@link #alertDeliveries}. */
	public static final String ALERT_DELIVERY_GROUP = "deliverers";

	/**
	 * About how many delivery jobs a pipeline's stream keeps: far more than a healthy deliverer ever
	 * has waiting; past it the oldest jobs go undelivered.
	 */
	public static final int ALERT_DELIVERIES_LENGTH = 100_000;

	/** About how many failure records of a pipeline are kept (the oldest go first). */
	public static final int FAILED_DELIVERIES_LENGTH = 1_000;

	/**
	 * The classpath resource of the script that resends a failure record of {@link #failedAlertDeliveries}
	 * as a job in {@link #alertDeliveries} (ingestion's resend endpoint runs it; storage's tests run it
	 * to check what its deliverers do with the job).
	 */
	public static final String RESEND_DELIVERY_SCRIPT = "io/tributary/contract/resend-delivery.lua";

	private final String ns;

	public RedisKeys(String namespace) {
		if (namespace.isBlank() || namespace.contains("{") || namespace.contains("}")) {
			throw new IllegalArgumentException("namespace must be non-blank and free of braces: " + namespace);
		}
		this.ns = namespace;
	}

	public String namespace() {
		return this.ns;
	}

	// --- lookups (written by ingestion, read by processing) -------------------------------------------

	/** Hash: lookup key to its value as JSON text. */
	public String lookup(String table) {
		return this.ns + ":lookup:{" + table + "}";
	}

	/** Counter bumped by every write to a lookup table, so readers know to reload it. */
	public String lookupVersion(String table) {
		return this.ns + ":lookup:{" + table + "}:version";
	}

	// --- processing checkpoints (one hash tag per partition) ------------------------------------------

	/** Hash: per pipeline, the partition's watermark state. */
	public String checkpointMeta(int partition) {
		return this.ns + ":ckpt:{p" + partition + "}:meta";
	}

	/** Hash: window id to serialised window state. */
	public String checkpointWindows(int partition) {
		return this.ns + ":ckpt:{p" + partition + "}:windows";
	}

	/** Hash: event id to what is needed to recognise it again (per pipeline). */
	public String checkpointDedup(int partition, String pipeline) {
		return this.ns + ":ckpt:{p" + partition + "}:dedup:" + pipeline;
	}

	/**
	 * String with a TTL: the lease of a partition, holding the id of the one processing instance
	 * that may restore and checkpoint it. Checkpoints are fenced on it.
	 */
	public String checkpointOwner(int partition) {
		return this.ns + ":ckpt:{p" + partition + "}:owner";
	}

	/**
	 * String with a short TTL: the id of the instance that owns the partition and waits for it while
	 * another holds its lease (a standby that took it over), refreshed while it waits; the holder hands
	 * the partition back once it has waited a while.
	 */
	public String checkpointOwnerWaiting(int partition) {
		return this.ns + ":ckpt:{p" + partition + "}:owner-waiting";
	}

	/** String: the results that the last checkpoint still has to hand to storage (JSON ResultBatch). */
	public String checkpointOutbox(int partition) {
		return this.ns + ":ckpt:{p" + partition + "}:outbox";
	}

	// --- results (written by storage, read by query) ----------------------------------------------------

	/** Hash: window start (epoch millis, decimal) to result JSON. */
	public String results(String pipeline, String key) {
		return this.ns + ":results:{" + pipeline + ":" + key + "}";
	}

	/** Sorted set: window starts (score and member = epoch millis) of the results of one key. */
	public String resultIndex(String pipeline, String key) {
		return this.ns + ":results:{" + pipeline + ":" + key + "}:index";
	}

	/** Hash: window start (epoch millis) to the number of late events recorded for that window. */
	public String lateCounts(String pipeline, String key) {
		return this.ns + ":results:{" + pipeline + ":" + key + "}:late";
	}

	/**
	 * Sorted set: the late-event ids ({@code eventId|windowStartMillis}) counted on the windows of one
	 * key, scored by window start, which makes counting idempotent. Storage's own; under the results'
	 * hash tag so one script updates it with the late counts.
	 */
	public String lateIds(String pipeline, String key) {
		return this.ns + ":results:{" + pipeline + ":" + key + "}:late-ids";
	}

	/**
	 * Sorted set: the retracted window starts of one key ({@code start|revision}, scored by start),
	 * tombstones that keep a redelivered older result of a merged session window out. Storage's own;
	 * under the results' hash tag.
	 */
	public String retractedStarts(String pipeline, String key) {
		return this.ns + ":results:{" + pipeline + ":" + key + "}:retracted";
	}

	/** Sorted set: the keys of a pipeline, scored by the start of their newest window. */
	public String pipelineKeys(String pipeline) {
		return this.ns + ":keys:{" + pipeline + "}";
	}

	/** Hash: late-record id ({@code eventId|windowStartMillis}) to LateEventRecord JSON. */
	public String lateRecords(String pipeline) {
		return this.ns + ":late:{" + pipeline + "}";
	}

	/** Sorted set: late-record ids scored by the time they were recorded. */
	public String lateRecordIndex(String pipeline) {
		return this.ns + ":late:{" + pipeline + "}:index";
	}

	/**
	 * Hash: {@link ExpiredResult#id()} to ExpiredResult JSON: results storage dropped because their window
	 * ended before the retention cutoff. Under the late records' hash tag.
	 */
	public String expiredResults(String pipeline) {
		return this.ns + ":late:{" + pipeline + "}:expired";
	}

	/** Sorted set: expired-result ids scored by when they were dropped. */
	public String expiredResultIndex(String pipeline) {
		return this.ns + ":late:{" + pipeline + "}:expired:index";
	}

	/**
	 * Hash: dead-letter id to DeadLetterRecord JSON of the dead letters a redrive has taken out of
	 * {@link #deadLetters} and not yet seen confirmed by the broker; a redrive run again sends them
	 * again. Under the dead letters' hash tag, so one script moves a record.
	 */
	public String redrivingDeadLetters(String stream) {
		return this.ns + ":dead:{" + stream + "}:redriving";
	}

	/** Hash: alert id ({@code rule|key|windowStartMillis}) to the Alert JSON of its newest revision. */
	public String alerts(String pipeline) {
		return this.ns + ":alerts:{" + pipeline + "}";
	}

	/** Sorted set: alert ids scored by the start of the window they opened on. */
	public String alertIndex(String pipeline) {
		return this.ns + ":alerts:{" + pipeline + "}:index";
	}

	/** Sorted set: the ids of the open alerts, scored like {@link #alertIndex}. */
	public String openAlerts(String pipeline) {
		return this.ns + ":alerts:{" + pipeline + "}:open";
	}

	/**
	 * Stream (XADD, capped at {@link #ALERT_DELIVERIES_LENGTH}): one delivery job per stored alert
	 * revision of a rule with notification targets, written by the script that stores the revision
	 * (under the alerts' hash tag), so a stored revision always has its job. Fields
	 * {@link #DELIVERY_ALERT_FIELD} (the Alert JSON) and {@link #DELIVERY_TARGETS_FIELD}. Storage's
	 * deliverers read it in the consumer group {@link #ALERT_DELIVERY_GROUP} and delete an entry once
	 * every target has it or has a failure record.
	 */
	public String alertDeliveries(String pipeline) {
		return this.ns + ":alerts:{" + pipeline + "}:deliveries";
	}

	/**
	 * Stream (XADD, capped at {@link #FAILED_DELIVERIES_LENGTH}): one {@link AlertDeliveryFailure} JSON
	 * (field {@link #FEED_DATA_FIELD}) per delivery that failed its last attempt, newest last.
	 */
	public String failedAlertDeliveries(String pipeline) {
		return this.ns + ":alerts:{" + pipeline + "}:deliveries:failed";
	}

	/** Hash: dead-letter id to DeadLetterRecord JSON, per stream. */
	public String deadLetters(String stream) {
		return this.ns + ":dead:{" + stream + "}";
	}

	/** Sorted set: dead-letter ids scored by the time they were recorded. */
	public String deadLetterIndex(String stream) {
		return this.ns + ":dead:{" + stream + "}:index";
	}

	/**
	 * Hash: live status of a pipeline: {@link #watermarkField} (epoch millis) per partition, written by
	 * processing; {@link #LAST_RESULT_AT_FIELD}, {@link #LAST_FINAL_WINDOW_END_FIELD} and
	 * {@link #FRESHNESS_FIELD} written by storage.
	 */
	public String pipelineStatus(String pipeline) {
		return this.ns + ":status:{" + pipeline + "}";
	}

	/**
	 * Hash: the version of a pipeline that processing runs and the fingerprint of its definition
	 * ({@code PipelineVersion}'s fields), written by processing on start, read by every service to
	 * check that they all load the same definition.
	 */
	public String pipelineVersion(String pipeline) {
		return this.ns + ":version:{" + pipeline + "}";
	}

	/**
	 * Stream (XADD, capped): one entry per result revision, retraction, counted late event and alert
	 * revision storage wrote, in the order written ({@link FeedEntryType}: fields
	 * {@link #FEED_TYPE_FIELD} and {@link #FEED_DATA_FIELD}). Live views read it from any query
	 * replica, and resume after the id they saw last.
	 */
	public String feed(String pipeline) {
		return this.ns + ":feed:{" + pipeline + "}";
	}

	/**
	 * Pub/sub channel: one message per result write or counted late event of the pipeline: the stored
	 * result JSON without accumulator state, with the late events storage counted added.
	 */
	public String changes(String pipeline) {
		return this.ns + ":changes:" + pipeline;
	}

	// --- backpressure (written by processing, read by ingestion) -----------------------------------------

	/**
	 * Hash: processing instance id to its {@link AcceptLagReport} ({@code lagMillis:writtenAtEpochMillis}):
	 * how long accepted events waited before the window stage applied them. Each instance rewrites its
	 * field every 250 ms; ingestion takes the largest fresh one.
	 */
	public String acceptLag() {
		return this.ns + ":accept-lag";
	}

	/** The field of {@link #pipelineStatus} that holds the watermark of a partition. */
	public static String watermarkField(int partition) {
		return WATERMARK_FIELD_PREFIX + partition;
	}

}
