package io.tributary.storage.store;

import io.tributary.contract.ExpiredResult;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;

import static io.tributary.storage.store.SharedArgs.ascii;

/**
 * Records a result that was not stored because its window ended before its pipeline's retention
 * cutoff (expired-result.lua), beside the pipeline's late-event records. Reply: 1 recorded, 0 a
 * revision as new was recorded already. The result itself was counted as expired when planned.
 */
record ExpiredResultCall(PipelineScope scope, RedisKeys redisKeys, ExpiredResult expired) implements ScriptCall {

	@Override
	public LuaScript script() {
		return LuaScript.EXPIRED_RESULT;
	}

	@Override
	public byte[][] keys() {
		return new byte[][] { SharedArgs.utf8(this.redisKeys.expiredResults(this.expired.pipeline())),
				SharedArgs.utf8(this.redisKeys.expiredResultIndex(this.expired.pipeline())) };
	}

	@Override
	public byte[][] args() {
		return this.scope.shared().then(LuaScript.EXPIRED_RESULT, SharedArgs.utf8(this.expired.id()),
				ascii(this.expired.revision()), WireFormat.write(this.expired));
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		// counted when the plan left the result out
	}

}
