package io.tributary.storage.store;

/**
 * Records when storage last applied a result of a pipeline, and the freshness of its latest final
 * window, never moving either backwards (status.lua). Reply: 1 updated, 0 unchanged (not read).
 *
 * @param finalWindowEnd the latest window end of a final result applied (epoch millis), or
 *                       {@link #NO_FINAL} when the write applied none
 */
record StatusCall(PipelineScope scope, long finalWindowEnd) implements ScriptCall {

	static final long NO_FINAL = -1;

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
		return this.scope.shared().then(LuaScript.STATUS, SharedArgs.ascii(this.finalWindowEnd));
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		// nothing follows
	}

}
