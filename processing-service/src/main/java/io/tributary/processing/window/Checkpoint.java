package io.tributary.processing.window;

import java.util.Map;
import java.util.Set;

import io.tributary.contract.ResultBatch;

/**
 * What changed in a partition since its previous checkpoint, as the strings Redis stores. Written in
 * one {@code MULTI/EXEC}: {@code windowUpserts}/{@code windowDeletes} into
 * {@code RedisKeys.checkpointWindows(p)}, {@code dedupUpserts}/{@code dedupDeletes} per pipeline into
 * {@code RedisKeys.checkpointDedup(p, pipeline)}, {@code meta}/{@code metaDeletes} (watermarks, alert state) into
 * {@code RedisKeys.checkpointMeta(p)},
 * and the {@code outbox} (everything emitted since the previous checkpoint) into
 * {@code RedisKeys.checkpointOutbox(p)}. Upserts and deletes never name the same field.
 */
public record Checkpoint(int partition, Map<String, String> windowUpserts, Set<String> windowDeletes,
		Map<String, Map<String, String>> dedupUpserts, Map<String, Set<String>> dedupDeletes, Map<String, String> meta,
		Set<String> metaDeletes, ResultBatch outbox) {

	public Checkpoint {
		windowUpserts = Map.copyOf(windowUpserts);
		windowDeletes = Set.copyOf(windowDeletes);
		dedupUpserts = Map.copyOf(dedupUpserts);
		dedupDeletes = Map.copyOf(dedupDeletes);
		meta = Map.copyOf(meta);
		metaDeletes = Set.copyOf(metaDeletes);
	}

	/** A checkpoint without meta deletes. */
	public Checkpoint(int partition, Map<String, String> windowUpserts, Set<String> windowDeletes,
			Map<String, Map<String, String>> dedupUpserts, Map<String, Set<String>> dedupDeletes, Map<String, String> meta,
			ResultBatch outbox) {
		this(partition, windowUpserts, windowDeletes, dedupUpserts, dedupDeletes, meta, Set.of(), outbox);
	}

	/** The same state changes with another outbox. */
	public Checkpoint withOutbox(ResultBatch outbox) {
		return new Checkpoint(this.partition, this.windowUpserts, this.windowDeletes, this.dedupUpserts,
				this.dedupDeletes, this.meta, this.metaDeletes, outbox);
	}

	/** Nothing to write and nothing to publish. */
	public boolean isEmpty() {
		return this.windowUpserts.isEmpty() && this.windowDeletes.isEmpty() && this.dedupUpserts.isEmpty()
				&& this.dedupDeletes.isEmpty() && this.meta.isEmpty() && this.metaDeletes.isEmpty()
				&& this.outbox.isEmpty();
	}

}
