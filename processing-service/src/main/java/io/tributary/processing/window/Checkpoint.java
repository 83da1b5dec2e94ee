package io.tributary.processing.window;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;

/**
 * What changed in a partition since its previous checkpoint, as the strings Redis stores. Written in
 * one {@code MULTI/EXEC}: {@code windowUpserts}/{@code windowDeletes} into
 * {@code RedisKeys.checkpointWindows(p)}, {@code dedupUpserts}/{@code dedupDeletes} per pipeline into
 * {@code RedisKeys.checkpointDedup(p, pipeline)}, {@code meta}/{@code metaDeletes} (watermarks, alert state) into
 * {@code RedisKeys.checkpointMeta(p)},
 * and the {@code outbox} (everything emitted since the previous checkpoint) into
 * {@code RedisKeys.checkpointOutbox(p)}. Upserts and deletes never name the same field.
 * {@code statesInWindows} names, by identity, the outbox's results whose accumulator state is what
 * {@code windowUpserts} writes for their window (the field): {@link OutboxCodec} stores those states
 * once.
 */
public record Checkpoint(int partition, Map<String, String> windowUpserts, Set<String> windowDeletes,
		Map<String, Map<String, String>> dedupUpserts, Map<String, Set<String>> dedupDeletes, Map<String, String> meta,
		Set<String> metaDeletes, ResultBatch outbox, Map<WindowResult, String> statesInWindows) {

	public Checkpoint {
		windowUpserts = Map.copyOf(windowUpserts);
		windowDeletes = Set.copyOf(windowDeletes);
		dedupUpserts = Map.copyOf(dedupUpserts);
		dedupDeletes = Map.copyOf(dedupDeletes);
		meta = Map.copyOf(meta);
		metaDeletes = Set.copyOf(metaDeletes);
		// by identity: Map.copyOf would compare the results' contents
		statesInWindows = statesInWindows.isEmpty() ? Map.of()
				: Collections.unmodifiableMap(new IdentityHashMap<>(statesInWindows));
	}

	/** A checkpoint whose outbox holds every result's state itself. */
	public Checkpoint(int partition, Map<String, String> windowUpserts, Set<String> windowDeletes,
			Map<String, Map<String, String>> dedupUpserts, Map<String, Set<String>> dedupDeletes, Map<String, String> meta,
			Set<String> metaDeletes, ResultBatch outbox) {
		this(partition, windowUpserts, windowDeletes, dedupUpserts, dedupDeletes, meta, metaDeletes, outbox, Map.of());
	}

	/** A checkpoint without meta deletes. */
	public Checkpoint(int partition, Map<String, String> windowUpserts, Set<String> windowDeletes,
			Map<String, Map<String, String>> dedupUpserts, Map<String, Set<String>> dedupDeletes, Map<String, String> meta,
			ResultBatch outbox) {
		this(partition, windowUpserts, windowDeletes, dedupUpserts, dedupDeletes, meta, Set.of(), outbox);
	}

	/**
	 * The same state changes with another outbox (this one's results, in the same objects, and others):
	 * the results named in {@link #statesInWindows} still are.
	 */
	public Checkpoint withOutbox(ResultBatch outbox) {
		return new Checkpoint(this.partition, this.windowUpserts, this.windowDeletes, this.dedupUpserts,
				this.dedupDeletes, this.meta, this.metaDeletes, outbox, this.statesInWindows);
	}

	/** Nothing to write and nothing to publish. */
	public boolean isEmpty() {
		return this.windowUpserts.isEmpty() && this.windowDeletes.isEmpty() && this.dedupUpserts.isEmpty()
				&& this.dedupDeletes.isEmpty() && this.meta.isEmpty() && this.metaDeletes.isEmpty()
				&& this.outbox.isEmpty();
	}

}
