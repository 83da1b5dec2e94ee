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
 */
record ResultCall(PipelineScope scope, WindowKeys window, WindowResult result) implements ScriptCall {

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
					ascii(this.result.windowEnd().toEpochMilli()), ascii(this.result.revision()),
					WireFormat.write(this.result), this.scope.changes());
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		if (reply > 0) {
			outcome.resultsApplied++;
			WindowResult served = this.result.withoutState();
			if (reply > 1) {
				Counts counts = served.counts();
				served = served.withCounts(counts.withLate(counts.late() + reply - 1));
			}
			next.feed(this.scope, FeedEntryType.RESULT, WireFormat.write(served));
			next.resultApplied(this.scope);
		}
		else if (reply == 0) {
			outcome.resultsIgnored++;
		}
		else {
			outcome.resultsExpired++;
		}
	}

}
