package io.tributary.contract;

/**
 * The Redis key layout, under a namespace. Keys that one atomic write touches together share a
 * hash tag (the part in braces), so the layout also works on Redis Cluster.
 */
public final class RedisKeys {

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

	/** Hash: dead-letter id to DeadLetterRecord JSON, per stream. */
	public String deadLetters(String stream) {
		return this.ns + ":dead:{" + stream + "}";
	}

	/** Sorted set: dead-letter ids scored by the time they were recorded. */
	public String deadLetterIndex(String stream) {
		return this.ns + ":dead:{" + stream + "}:index";
	}

	/**
	 * Hash: live status of a pipeline: {@code watermark:p<N>} (epoch millis) per partition, written by
	 * processing; {@code lastResultAt} (epoch millis) written by storage.
	 */
	public String pipelineStatus(String pipeline) {
		return this.ns + ":status:{" + pipeline + "}";
	}

	/**
	 * Stream (XADD, capped): one entry per result revision storage wrote, field {@code data} = the
	 * result JSON without accumulator state, and one per alert revision, with field {@code type} =
	 * {@code alert} and {@code data} = the Alert JSON. Live views read it from any query replica, and resume
	 * after the id they saw last.
	 */
	public String feed(String pipeline) {
		return this.ns + ":feed:{" + pipeline + "}";
	}

	/** Pub/sub channel: one message (the stored result JSON) per result write of the pipeline. */
	public String changes(String pipeline) {
		return this.ns + ":changes:" + pipeline;
	}

}
