package io.tributary.storage.store;

import java.time.Duration;

import io.tributary.contract.RedisKeys;

/** What a write plan needs besides the records: key layout, retentions and limits. */
record WriteSettings(RedisKeys keys, Retentions retentions, Duration deadLetterRetention, Duration expiryMargin,
		int trimLimit) {

	/**
	 * The set of late-event ids already counted per window, which makes counting idempotent. Not in
	 * the contract's layout because only storage reads it; it shares the key's hash tag so one
	 * script updates it together with the late counts.
	 */
	String lateIds(String pipeline, String key) {
		return this.keys.results(pipeline, key) + ":late-ids";
	}

	/**
	 * The retracted window starts of one key ({@code start|revision}, scored by start): tombstones
	 * that keep a redelivered older result of a merged session window out. Storage's own, like
	 * {@link #lateIds}, and under the same hash tag as the results.
	 */
	String retractedStarts(String pipeline, String key) {
		return this.keys.results(pipeline, key) + ":retracted";
	}

}
