package io.tributary.storage.store;

/**
 * Records when storage last applied a result of a pipeline, never moving it backwards
 * (status.lua). Reply: 1 updated, 0 unchanged (not read).
 */
record StatusCall(PipelineScope scope) implements ScriptCall {

	@Override
	public LuaScript script() {
		return LuaScript.STATUS;
	}

	@Override
	public byte[][] keys() {
		return new byte[][] { this.scope.status() };
	}

	@Override
	public byte[][] args() {
		return this.scope.shared().then(LuaScript.STATUS);
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		// nothing follows
	}

}
