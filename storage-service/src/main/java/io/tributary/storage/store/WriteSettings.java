package io.tributary.storage.store;

import java.time.Duration;

import io.tributary.contract.RedisKeys;

/** What a write plan needs besides the records: key layout, retentions and limits. */
record WriteSettings(RedisKeys keys, Retentions retentions, Duration deadLetterRetention, Duration expiryMargin,
		int trimLimit) {

}
