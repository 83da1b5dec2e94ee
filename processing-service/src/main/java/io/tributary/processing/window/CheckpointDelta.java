package io.tributary.processing.window;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.ResultBatch;

/**
 * The state changes of a partition's pipelines since its previous checkpoint, collected as they
 * happen (window deletes, between checkpoints) and when the checkpoint is taken (everything else),
 * then handed out as one {@link Checkpoint}. Upserts and deletes never name the same field.
 */
final class CheckpointDelta {

	private final Map<String, String> windowUpserts = new HashMap<>();

	private final Set<String> windowDeletes = new HashSet<>();

	private final Map<String, Map<String, String>> dedupUpserts = new HashMap<>();

	private final Map<String, Set<String>> dedupDeletes = new HashMap<>();

	private final Map<String, String> meta = new HashMap<>();

	private final Set<String> metaDeletes = new HashSet<>();

	void upsertWindow(String field, String value) {
		this.windowUpserts.put(field, value);
		// a field deleted in this interval and written again holds live state: never both
		this.windowDeletes.remove(field);
	}

	void deleteWindow(String field) {
		this.windowDeletes.add(field);
	}

	void upsertIds(String pipeline, Map<String, String> upserts) {
		this.dedupUpserts.put(pipeline, upserts);
	}

	void deleteIds(String pipeline, Set<String> eventIds) {
		this.dedupDeletes.put(pipeline, eventIds);
	}

	void putMeta(String field, String value) {
		this.meta.put(field, value);
	}

	/** The meta hash's upserts, for the alert state to add its own (see {@code AlertTracker#checkpoint}). */
	Map<String, String> meta() {
		return this.meta;
	}

	Set<String> metaDeletes() {
		return this.metaDeletes;
	}

	/** Everything collected, with the outbox; starts the next delta. */
	Checkpoint take(int partition, ResultBatch outbox) {
		Checkpoint checkpoint = new Checkpoint(partition, this.windowUpserts, this.windowDeletes, this.dedupUpserts,
				this.dedupDeletes, this.meta, this.metaDeletes, outbox);
		this.windowUpserts.clear();
		this.windowDeletes.clear();
		this.dedupUpserts.clear();
		this.dedupDeletes.clear();
		this.meta.clear();
		this.metaDeletes.clear();
		return checkpoint;
	}

}
