package io.tributary.storage.store;

import java.nio.charset.StandardCharsets;

import io.tributary.contract.FeedEntryType;

/**
 * Appends one entry to a pipeline's live feed, a capped stream (feed.lua). Reply: 1 (not read).
 *
 * @param json the entry's payload, JSON of the type's payload type
 */
record FeedCall(PipelineScope scope, FeedEntryType type, byte[] json) implements ScriptCall {

	/** About how many entries a pipeline's live feed keeps (for clients that resume). */
	static final int FEED_LENGTH = 10_000;

	private static final byte[] MAX_LENGTH = SharedArgs.ascii(FEED_LENGTH);

	/** The type argument per type: empty for one written without a type field. */
	private static final byte[][] TYPE_ARGS = typeArgs();

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
		return this.scope.shared().then(LuaScript.FEED, MAX_LENGTH, TYPE_ARGS[this.type.ordinal()], this.json);
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		// the feed answers nothing to count
	}

	private static byte[][] typeArgs() {
		FeedEntryType[] types = FeedEntryType.values();
		byte[][] args = new byte[types.length][];
		for (FeedEntryType type : types) {
			args[type.ordinal()] = type.hasTypeField() ? type.wireName().getBytes(StandardCharsets.UTF_8) : new byte[0];
		}
		return args;
	}

}
