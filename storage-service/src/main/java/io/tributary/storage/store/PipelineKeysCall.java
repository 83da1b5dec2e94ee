package io.tributary.storage.store;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.contract.RedisKeys;

import static io.tributary.storage.store.SharedArgs.ascii;

/**
 * Records the newest window start of the keys of one pipeline and drops keys whose newest window
 * is past retention (pipeline-keys.lua). Reply: the number of keys added (not read).
 *
 * @param startByKey    the newest window start (epoch millis) per key, in the order first seen
 * @param longestWindow the longest window among them (millis)
 */
record PipelineKeysCall(PipelineScope scope, RedisKeys redisKeys, Map<String, Long> startByKey, long longestWindow)
		implements ScriptCall {

	@Override
	public LuaScript script() {
		return LuaScript.PIPELINE_KEYS;
	}

	@Override
	public byte[][] keys() {
		return new byte[][] { SharedArgs.utf8(this.redisKeys.pipelineKeys(this.scope.pipeline())) };
	}

	/** Its own argument (longest_window), then pairs of window start and key. */
	@Override
	public byte[][] args() {
		byte[][] own = new byte[1 + 2 * this.startByKey.size()][];
		own[0] = ascii(this.longestWindow);
		int i = 1;
		for (Map.Entry<String, Long> e : this.startByKey.entrySet()) {
			own[i++] = ascii(e.getValue());
			own[i++] = SharedArgs.utf8(e.getKey());
		}
		return this.scope.shared().thenRest(own);
	}

	@Override
	public void read(long reply, StoreOutcome.Builder outcome, FollowUps next) {
		// follows from the results
	}

	/** Collects the newest window start per key of one pipeline while a plan is made. */
	static final class Builder {

		private final PipelineScope scope;

		private final Map<String, Long> startByKey = new LinkedHashMap<>();

		private long longestWindow;

		Builder(PipelineScope scope) {
			this.scope = scope;
		}

		void add(String key, long start, long length) {
			this.startByKey.merge(key, start, Math::max);
			this.longestWindow = Math.max(this.longestWindow, length);
		}

		PipelineKeysCall build(RedisKeys keys) {
			return new PipelineKeysCall(this.scope, keys, this.startByKey, this.longestWindow);
		}

	}

}
