package io.tributary.storage.store;

import java.time.Duration;

import io.tributary.contract.RedisKeys;

/**
 * What a write plan needs besides the records: key layout, retentions, limits and the alert rules'
 * notification targets.
 */
record WriteSettings(RedisKeys keys, Retentions retentions, Duration deadLetterRetention, Duration expiryMargin,
		int trimLimit, AlertTargets alertTargets) {

	/** Settings where no alert rule notifies anyone. */
	WriteSettings(RedisKeys keys, Retentions retentions, Duration deadLetterRetention, Duration expiryMargin,
			int trimLimit) {
		this(keys, retentions, deadLetterRetention, expiryMargin, trimLimit, AlertTargets.NONE);
	}

}
