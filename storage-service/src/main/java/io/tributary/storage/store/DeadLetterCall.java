package io.tributary.storage.store;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;

import static io.tributary.storage.store.SharedArgs.ascii;

/**
 * Keeps one dead-letter record once per id, scored by when it was recorded (dead-letter.lua).
 * Reply: 1 stored, 0 already stored, -1 past the dead-letter retention.
 */
record DeadLetterCall(SharedArgs shared, RedisKeys redisKeys, String id, DeadLetterRecord dead) implements ScriptCall {

	@Override
	public LuaScript script() {
		return LuaScript.DEAD_LETTER;
	}

	@Override
	public byte[][] keys() {
		return new byte[][] { SharedArgs.utf8(this.redisKeys.deadLetters(this.dead.stream())),
				SharedArgs.utf8(this.redisKeys.deadLetterIndex(this.dead.stream())) };
	}

	@Override
	public byte[][] args() {
		return this.shared.then(LuaScript.DEAD_LETTER, SharedArgs.utf8(this.id), WireFormat.write(this.dead),
				ascii(this.dead.recordedAt().toEpochMilli()));
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		if (reply > 0) {
			outcome.deadLettersStored++;
		}
		else if (reply == 0) {
			outcome.deadLetterDuplicates++;
		}
		else {
			outcome.deadLettersExpired++;
		}
	}

}
