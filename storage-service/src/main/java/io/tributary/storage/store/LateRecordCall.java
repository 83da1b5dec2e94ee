package io.tributary.storage.store;

import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;

/**
 * Keeps one late-event record once per id (late-record.lua), even when its window is gone: a late
 * event is never dropped unseen. Reply: 1 stored, 0 already stored.
 */
record LateRecordCall(PipelineScope scope, RedisKeys redisKeys, String id, LateEventRecord late)
		implements ScriptCall {

	@Override
	public LuaScript script() {
		return LuaScript.LATE_RECORD;
	}

	@Override
	public byte[][] keys() {
		return new byte[][] { SharedArgs.utf8(this.redisKeys.lateRecords(this.late.pipeline())),
				SharedArgs.utf8(this.redisKeys.lateRecordIndex(this.late.pipeline())) };
	}

	@Override
	public byte[][] args() {
		return this.scope.shared().then(LuaScript.LATE_RECORD, SharedArgs.utf8(this.id), WireFormat.write(this.late));
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		if (reply > 0) {
			outcome.lateRecorded++;
		}
		else {
			outcome.lateDuplicates++;
		}
	}

}
