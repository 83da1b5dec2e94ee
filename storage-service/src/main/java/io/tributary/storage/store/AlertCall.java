package io.tributary.storage.store;

import io.tributary.contract.Alert;
import io.tributary.contract.FeedEntryType;
import io.tributary.contract.RedisKeys;

import static io.tributary.storage.store.SharedArgs.ascii;

/**
 * Applies one alert revision and keeps the open alerts in step (alert.lua). Reply: 1 applied, 0
 * not newer than the stored revision. An applied revision goes to the live feed, and, when its rule
 * has notification targets, gets its delivery job in the same script.
 *
 * @param json    the alert as written (once: the feed carries the same bytes)
 * @param targets the rule's notification targets ({@link AlertTargets}); empty: none
 */
record AlertCall(PipelineScope scope, RedisKeys redisKeys, Alert alert, byte[] json, byte[] targets)
		implements ScriptCall {

	private static final byte[] DELIVERIES_LENGTH = ascii(RedisKeys.ALERT_DELIVERIES_LENGTH);

	/** A revision of a rule without notification targets. */
	AlertCall(PipelineScope scope, RedisKeys redisKeys, Alert alert, byte[] json) {
		this(scope, redisKeys, alert, json, new byte[0]);
	}

	private static final byte[] OPEN = { '1' };

	private static final byte[] NOT_OPEN = { '0' };

	@Override
	public LuaScript script() {
		return LuaScript.ALERT;
	}

	@Override
	public byte[][] keys() {
		String pipeline = this.alert.pipeline();
		return new byte[][] { SharedArgs.utf8(this.redisKeys.alerts(pipeline)),
				SharedArgs.utf8(this.redisKeys.alertIndex(pipeline)),
				SharedArgs.utf8(this.redisKeys.openAlerts(pipeline)),
				SharedArgs.utf8(this.redisKeys.alertDeliveries(pipeline)) };
	}

	@Override
	public byte[][] args() {
		return this.scope.shared()
			.then(LuaScript.ALERT, SharedArgs.utf8(this.alert.id()), ascii(this.alert.revision()), this.json,
					this.alert.isOpen() ? OPEN : NOT_OPEN, ascii(this.alert.windowStart().toEpochMilli()), this.targets,
					DELIVERIES_LENGTH);
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		if (reply > 0) {
			outcome.alertsApplied++;
			next.feed(this.scope, FeedEntryType.ALERT, this.json);
		}
		else {
			outcome.alertsIgnored++;
		}
	}

}
