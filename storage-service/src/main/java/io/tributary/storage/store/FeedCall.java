package io.tributary.storage.store;

import java.nio.charset.StandardCharsets;

/**
 * Appends one entry to a pipeline's live feed, a capped stream (feed.lua). Reply: 1 (not read).
 *
 * @param type the entry type, empty for a result (stored without a type field)
 * @param json the entry's payload
 */
record FeedCall(PipelineScope scope, byte[] type, byte[] json) implements ScriptCall {

	/** About how many entries a pipeline's live feed keeps (for clients that resume). */
	static final int FEED_LENGTH = 10_000;

	static final byte[] RESULT = {};

	static final byte[] LATE = "late".getBytes(StandardCharsets.UTF_8);

	static final byte[] RETRACTION = "retraction".getBytes(StandardCharsets.UTF_8);

	static final byte[] ALERT = "alert".getBytes(StandardCharsets.UTF_8);

	private static final byte[] MAX_LENGTH = SharedArgs.ascii(FEED_LENGTH);

	@Override
	public LuaScript script() {
		return LuaScript.FEED;
	}

	@Override
	public byte[][] keys() {
		return new byte[][] { this.scope.feed() };
	}

	@Override
	public byte[][] args() {
		return this.scope.shared().then(LuaScript.FEED, MAX_LENGTH, this.type, this.json);
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		// the feed answers nothing to count
	}

}
