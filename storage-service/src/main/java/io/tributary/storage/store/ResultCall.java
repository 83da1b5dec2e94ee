package io.tributary.storage.store;

import io.tributary.contract.Counts;
import io.tributary.contract.FeedEntryType;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;

import static io.tributary.storage.store.SharedArgs.ascii;

/**
 * Applies one window result (result.lua). Reply: 1 + the late events storage has recorded for the
 * window when applied, 0 when not newer than what is stored, -1 when past retention. An applied
 * result goes to the live feed as the query API serves it, with those late events added.
 *
 * @param json   the result as stored
 * @param served the result as served, change notifications and the live feed carry it (without
 *               accumulator state): the same array as {@code json} when the result has no state
 */
record ResultCall(PipelineScope scope, WindowKeys window, WindowResult result, byte[] json, byte[] served)
		implements ScriptCall {

	/** The {@code published} argument of a result without state: publish {@code json}. */
	private static final byte[] SAME_AS_JSON = {};

	static ResultCall of(PipelineScope scope, WindowKeys window, WindowResult result) {
		byte[] json = WireFormat.write(result);
		WindowResult served = result.withoutState();
		return new ResultCall(scope, window, result, json, served == result ? json : WireFormat.write(served));
	}

	@Override
	public LuaScript script() {
		return LuaScript.RESULT;
	}

	@Override
	public byte[][] keys() {
		return this.window.encoded();
	}

	@Override
	public byte[][] args() {
		return this.scope.shared()
			.then(LuaScript.RESULT, ascii(this.result.windowStart().toEpochMilli()),
					ascii(this.result.windowEnd().toEpochMilli()), ascii(this.result.revision()), this.json,
					this.served == this.json ? SAME_AS_JSON : this.served, this.scope.changes());
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		if (reply > 0) {
			outcome.resultsApplied++;
			byte[] feed = this.served;
			if (reply > 1) {
				WindowResult served = this.result.withoutState();
				Counts counts = served.counts();
				feed = WireFormat.write(served.withCounts(counts.withLate(counts.late() + reply - 1)));
			}
			next.feed(this.scope, FeedEntryType.RESULT, feed);
			next.resultApplied(this.scope, this.result);
		}
		else if (reply == 0) {
			outcome.resultsIgnored++;
		}
		else {
			outcome.resultsExpired++;
		}
	}

}
