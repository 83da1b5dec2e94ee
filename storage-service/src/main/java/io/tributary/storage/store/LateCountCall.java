package io.tributary.storage.store;

import io.tributary.contract.FeedEntryType;
import io.tributary.contract.LateCount;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.WireFormat;

import static io.tributary.storage.store.SharedArgs.ascii;

/**
 * Counts one late event on its window once per id (late-count.lua). Reply: the window's late count
 * after counting it (at least 1), 0 already counted, -1 past retention. A counted event puts the
 * window's new late count on the live feed.
 */
record LateCountCall(PipelineScope scope, WindowKeys window, String id, LateEventRecord late) implements ScriptCall {

	@Override
	public LuaScript script() {
		return LuaScript.LATE_COUNT;
	}

	@Override
	public byte[][] keys() {
		return this.window.encoded();
	}

	@Override
	public byte[][] args() {
		return this.scope.shared()
			.then(LuaScript.LATE_COUNT, SharedArgs.utf8(this.id), ascii(this.late.windowStart().toEpochMilli()),
					ascii(this.late.windowEnd().toEpochMilli()), this.scope.changes());
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		// counted in the outcome by its late-record call
		if (reply > 0) {
			next.feed(this.scope, FeedEntryType.LATE, WireFormat.write(new LateCount(this.late.pipeline(),
					this.late.key(), this.late.windowStart(), this.late.windowEnd(), reply)));
		}
	}

}
