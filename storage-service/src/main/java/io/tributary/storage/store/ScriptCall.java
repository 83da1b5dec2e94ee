package io.tributary.storage.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One script invocation: which script, its keys and arguments as Redis receives them, and what its
 * integer reply means. Each script has its own type; a call and its script agree on names
 * ({@link LuaScript}), not on positions.
 */
sealed interface ScriptCall permits ResultCall, RetractionCall, LateRecordCall, LateCountCall, DeadLetterCall,
		AlertCall, PipelineKeysCall, FeedCall, StatusCall, ExpiredResultCall {

	LuaScript script();

	/** KEYS, in the order the script names them. */
	byte[][] keys();

	/** ARGV: the {@link SharedArgs}, then the script's own in the order it names them. */
	byte[][] args();

	/**
	 * Reads the script's reply: counts it into the outcome and adds what follows from it (live feed,
	 * pipeline status) to the follow-up step.
	 */
	void read(long reply, StoreOutcome.Builder outcome, FollowUps next);

	/** The keys by their names in the script (for tests and messages; not on the write path). */
	default Map<String, String> namedKeys() {
		return named(script().keyNames(), keys(), 0);
	}

	/**
	 * The arguments by their names in the scripts: the shared ones ({@link SharedArgs#NAMES}), then
	 * the script's own (for tests and messages; not on the write path).
	 */
	default Map<String, String> namedArgs() {
		Map<String, String> named = named(SharedArgs.NAMES, args(), 0);
		named.putAll(named(script().argNames(), args(), SharedArgs.COUNT));
		return named;
	}

	/** The arguments after the named ones (see {@link LuaScript#PIPELINE_KEYS}). */
	default List<String> restArgs() {
		byte[][] args = args();
		List<String> rest = new ArrayList<>();
		for (int i = SharedArgs.COUNT + script().argNames().size(); i < args.length; i++) {
			rest.add(new String(args[i], StandardCharsets.UTF_8));
		}
		return rest;
	}

	/** What a failure message names: the script and its first key. */
	default String describe() {
		byte[][] keys = keys();
		return script() + (keys.length > 0 ? " " + new String(keys[0], StandardCharsets.UTF_8) : "");
	}

	private static Map<String, String> named(List<String> names, byte[][] values, int from) {
		Map<String, String> named = new LinkedHashMap<>();
		for (int i = 0; i < names.size(); i++) {
			named.put(names.get(i), new String(values[from + i], StandardCharsets.UTF_8));
		}
		return named;
	}

}
