package io.tributary.storage.store;

import io.tributary.contract.RedisKeys;

/**
 * The keys of one key's windows that the result, late-count and retraction scripts update
 * together (one hash tag: pipeline:key), named as the scripts name them.
 */
record WindowKeys(String results, String index, String lateCounts, String lateIds, String retracted) {

	static WindowKeys of(WriteSettings settings, String pipeline, String key) {
		RedisKeys keys = settings.keys();
		return new WindowKeys(keys.results(pipeline, key), keys.resultIndex(pipeline, key),
				keys.lateCounts(pipeline, key), keys.lateIds(pipeline, key), keys.retractedStarts(pipeline, key));
	}

	/** KEYS of a window script: results, index, late_counts, late_ids, retracted. */
	byte[][] encoded() {
		return new byte[][] { SharedArgs.utf8(this.results), SharedArgs.utf8(this.index),
				SharedArgs.utf8(this.lateCounts), SharedArgs.utf8(this.lateIds), SharedArgs.utf8(this.retracted) };
	}

}
