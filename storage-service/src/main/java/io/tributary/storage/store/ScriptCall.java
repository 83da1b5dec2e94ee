package io.tributary.storage.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** One script invocation of a write plan: which script, its keys and its arguments (UTF-8). */
record ScriptCall(LuaScript script, byte[][] keys, byte[][] args) {

	static ScriptCall of(LuaScript script, List<String> keys, List<String> args) {
		return new ScriptCall(script, utf8(keys), utf8(args));
	}

	List<String> keyNames() {
		return strings(this.keys);
	}

	List<String> argValues() {
		return strings(this.args);
	}

	@Override
	public String toString() {
		return this.script + " " + keyNames();
	}

	private static byte[][] utf8(List<String> values) {
		return values.stream().map((v) -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
	}

	private static List<String> strings(byte[][] values) {
		return Arrays.stream(values).map((v) -> new String(v, StandardCharsets.UTF_8)).toList();
	}

}
