package io.tributary.processing.window;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;

/**
 * The state changes of a partition's pipelines since its previous checkpoint, collected as they
 * happen (window deletes, between checkpoints) and when the checkpoint is taken (everything else),
 * then handed out as one {@link Checkpoint}. Upserts and deletes never name the same field.
 */
final class CheckpointDelta {

	private final Map<String, String> windowUpserts = new HashMap<>();

	/** The accumulators' serial forms of each window upsert, to tell which results carry the same. */
	private final Map<String, Map<String, @Nullable Object>> windowForms = new HashMap<>();

	private final Set<String> windowDeletes = new HashSet<>();

	private final Map<String, Map<String, String>> dedupUpserts = new HashMap<>();

	private final Map<String, Set<String>> dedupDeletes = new HashMap<>();

	private final Map<String, String> meta = new HashMap<>();

	private final Set<String> metaDeletes = new HashSet<>();

	/** @param forms the serial forms of its accumulators that {@code value} holds */
	void upsertWindow(String field, String value, Map<String, @Nullable Object> forms) {
		this.windowUpserts.put(field, value);
		this.windowForms.put(field, forms);
		// a field deleted in this interval and written again holds live state: never both
		this.windowDeletes.remove(field);
	}

	void deleteWindow(String field) {
		this.windowDeletes.add(field);
	}

	void upsertIds(String pipeline, Map<String, String> upserts) {
		this.dedupUpserts.put(pipeline, upserts);
		Set<String> deletes = this.dedupDeletes.get(pipeline);
		if (deletes != null) {
			deletes.removeAll(upserts.keySet());
		}
	}

	void deleteIds(String pipeline, Set<String> eventIds) {
		this.dedupDeletes.computeIfAbsent(pipeline, (p) -> new HashSet<>()).addAll(eventIds);
	}

	/**
	 * {@link #deleteIds}, keeping the set when the pipeline has no deletes yet (the usual case: one
	 * set of expired ids per checkpoint) instead of copying it.
	 * @param eventIds a mutable set the caller hands over: the delta keeps and changes it
	 */
	void handOverIdDeletes(String pipeline, Set<String> eventIds) {
		Set<String> deletes = this.dedupDeletes.putIfAbsent(pipeline, eventIds);
		if (deletes != null) {
			deletes.addAll(eventIds);
		}
	}

	void putMeta(String field, String value) {
		this.meta.put(field, value);
		this.metaDeletes.remove(field);
	}

	void deleteMeta(String field) {
		this.metaDeletes.add(field);
	}

	/** The meta hash's upserts, for the alert state to add its own (see {@code AlertTracker#checkpoint}). */
	Map<String, String> meta() {
		return this.meta;
	}

	Set<String> metaDeletes() {
		return this.metaDeletes;
	}

	/** How many changes are collected: grows with every change of state. */
	int size() {
		int ids = 0;
		for (Map<String, String> upserts : this.dedupUpserts.values()) {
			ids += upserts.size();
		}
		for (Set<String> deletes : this.dedupDeletes.values()) {
			ids += deletes.size();
		}
		return this.windowUpserts.size() + this.windowDeletes.size() + ids + this.meta.size()
				+ this.metaDeletes.size();
	}

	/** Everything collected, with the outbox; starts the next delta. */
	Checkpoint take(int partition, ResultBatch outbox) {
		// a field dropped with a discarded state and written again since holds live state
		this.metaDeletes.removeAll(this.meta.keySet());
		Checkpoint checkpoint = new Checkpoint(partition, this.windowUpserts, this.windowDeletes, this.dedupUpserts,
				this.dedupDeletes, this.meta, this.metaDeletes, outbox, statesInWindows(outbox));
		this.windowUpserts.clear();
		this.windowForms.clear();
		this.windowDeletes.clear();
		this.dedupUpserts.clear();
		this.dedupDeletes.clear();
		this.meta.clear();
		this.metaDeletes.clear();
		return checkpoint;
	}

	/**
	 * The results of the outbox whose accumulator state is what this checkpoint writes for their window
	 * too: the outbox can name the window instead of holding the state twice (a final result's sketches
	 * are most of a boundary's checkpoint). Keyed by identity: the same result objects travel on into
	 * {@link Checkpoint#withOutbox}.
	 */
	private Map<WindowResult, String> statesInWindows(ResultBatch outbox) {
		Map<WindowResult, String> states = null;
		for (WindowResult result : outbox.results()) {
			Map<String, @Nullable Object> state = result.state();
			if (state == null || state.isEmpty()) {
				continue;
			}
			String field = StateCodec.windowField(result.pipeline(), result.key(),
					new TimeWindow(result.windowStart().toEpochMilli(), result.windowEnd().toEpochMilli()));
			Map<String, @Nullable Object> forms = this.windowForms.get(field);
			if (forms != null && !this.windowDeletes.contains(field) && state.equals(Aggregations.resultFormsOf(forms))) {
				if (states == null) {
					states = new IdentityHashMap<>();
				}
				states.put(result, field);
			}
		}
		return (states != null) ? states : Map.of();
	}

}
