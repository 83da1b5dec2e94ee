package io.tributary.processing.window;

import io.tributary.contract.VersionRevisions;

/**
 * The version of a pipeline that one partition runs: its checkpointed state is stamped with it (once,
 * with the first checkpoint that writes any of the pipeline's state, or at once when a stale stamp is
 * stored), so that a restore can tell state of another version; and its results' revisions start
 * above every revision an older version can have emitted.
 */
final class VersionStamp {

	final long version;

	/** Whether the checkpoint holds this stamp already. */
	private boolean stamped;

	/** The next checkpoint stamps even if nothing else changed. */
	private boolean restamp;

	/** @throws IllegalArgumentException when {@code version} is below 1 */
	VersionStamp(long version) {
		if (version < 1) {
			throw new IllegalArgumentException("version must be >= 1, got " + version);
		}
		this.version = version;
	}

	/**
	 * Revisions of version {@code v} start at {@code (v - 1) * 2^32} ({@link VersionRevisions}): storage
	 * keeps the highest revision of a (key, window start) and of an alert, so a new version's result
	 * or alert replaces the old version's, and a late re-publish of the old one cannot overwrite it.
	 */
	long revisionBase() {
		return VersionRevisions.base(this.version);
	}

	/** The restored state carries this stamp. */
	void restored() {
		this.stamped = true;
	}

	/** The stored stamp names another version: the next checkpoint replaces it. */
	void replaceStale() {
		this.restamp = true;
	}

	/** Adds the stamp to the checkpoint once the pipeline writes state ({@code wroteState}) or a stale one is stored. */
	void checkpoint(String pipeline, boolean wroteState, CheckpointDelta delta) {
		if (!this.stamped && (this.restamp || wroteState)) {
			delta.putMeta(StateCodec.versionField(pipeline), Long.toString(this.version));
			this.stamped = true;
		}
	}

}
