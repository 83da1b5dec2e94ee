package io.tributary.storage.store;

import io.tributary.contract.FeedEntryType;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.WireFormat;

import static io.tributary.storage.store.SharedArgs.ascii;

/**
 * Withdraws the result stored under a merged session window's old start (retraction.lua). Reply:
 * 1 applied, 0 when a result or retraction as new is stored, -1 past retention. An applied
 * retraction goes to the live feed (after the merged result that replaces it).
 */
record RetractionCall(PipelineScope scope, WindowKeys window, WindowRetraction retraction) implements ScriptCall {

	@Override
	public LuaScript script() {
		return LuaScript.RETRACTION;
	}

	@Override
	public byte[][] keys() {
		return this.window.encoded();
	}

	@Override
	public byte[][] args() {
		return this.scope.shared()
			.then(LuaScript.RETRACTION, ascii(this.retraction.windowStart().toEpochMilli()),
					ascii(this.retraction.windowEnd().toEpochMilli()), ascii(this.retraction.revision()));
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		if (reply > 0) {
			outcome.retractionsApplied++;
			// live views drop the session stored under the old start (its merged result came before)
			next.feed(this.scope, FeedEntryType.RETRACTION, WireFormat.write(this.retraction));
		}
		else if (reply == 0) {
			outcome.retractionsIgnored++;
		}
		else {
			outcome.retractionsExpired++;
		}
	}

}
