package io.tributary.storage.store;

import io.tributary.contract.RedisKeys;

/**
 * What the calls of one write share for one pipeline: the shared arguments under its retention,
 * its change channel, live feed and status keys. Made once per pipeline and write.
 */
final class PipelineScope {

	private final String pipeline;

	private final SharedArgs shared;

	private final byte[] changes;

	private final byte[] feed;

	private final byte[] status;

	PipelineScope(String pipeline, SharedArgs shared, RedisKeys keys) {
		this.pipeline = pipeline;
		this.shared = shared;
		this.changes = SharedArgs.utf8(keys.changes(pipeline));
		this.feed = SharedArgs.utf8(keys.feed(pipeline));
		this.status = SharedArgs.utf8(keys.pipelineStatus(pipeline));
	}

	String pipeline() {
		return this.pipeline;
	}

	SharedArgs shared() {
		return this.shared;
	}

	/** The pub/sub channel of the pipeline's result changes. */
	byte[] changes() {
		return this.changes;
	}

	/** The key of the pipeline's live feed. */
	byte[] feed() {
		return this.feed;
	}

	/** The key of the pipeline's status hash. */
	byte[] status() {
		return this.status;
	}

}
