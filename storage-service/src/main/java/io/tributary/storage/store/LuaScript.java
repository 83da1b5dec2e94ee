package io.tributary.storage.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The storage scripts (in {@code scripts/} on the class path) and the names of their keys and own
 * arguments. Each script runs behind a generated prelude that binds those names ({@code KEY.results},
 * {@code ARG.revision}), then {@code common.lua}, which decodes the shared arguments; so a call and
 * its script agree by name, and each script has its SHA-1 digest for EVALSHA.
 */
enum LuaScript {

	RESULT("result.lua", Names.WINDOW_KEYS,
			List.of("window_start", "window_end", "revision", "json", "published", "channel")),
	LATE_COUNT("late-count.lua", Names.WINDOW_KEYS, List.of("id", "window_start", "window_end", "channel")),
	LATE_RECORD("late-record.lua", List.of("records", "index"), List.of("id", "json")),
	EXPIRED_RESULT("expired-result.lua", List.of("records", "index"), List.of("id", "revision", "json")),
	DEAD_LETTER("dead-letter.lua", List.of("records", "index"), List.of("id", "json", "recorded_at")),
	/** Its own arguments are followed by pairs of window start and key ({@code REST}: the first index). */
	PIPELINE_KEYS("pipeline-keys.lua", List.of("keys"), List.of("longest_window")),
	STATUS("status.lua", List.of("status"), List.of("final_window_end")),
	FEED("feed.lua", List.of("feed"), List.of("max_length", "type", "json")),
	RETRACTION("retraction.lua", Names.WINDOW_KEYS, List.of("window_start", "window_end", "revision")),
	ALERT("alert.lua", List.of("alerts", "index", "open", "deliveries"),
			List.of("id", "revision", "json", "open", "score", "targets", "deliveries_length"));

	private final List<String> keys;

	private final List<String> args;

	private final byte[] source;

	private final String sha;

	LuaScript(String file, List<String> keys, List<String> args) {
		this.keys = keys;
		this.args = args;
		String text = ScriptPrelude.of(keys, args) + read("common.lua") + "\n" + read(file);
		this.source = text.getBytes(StandardCharsets.UTF_8);
		this.sha = sha1(this.source);
	}

	/** The names of the keys, in the order of KEYS. */
	List<String> keyNames() {
		return this.keys;
	}

	/** The names of the script's own arguments, in order after the shared ones. */
	List<String> argNames() {
		return this.args;
	}

	byte[] source() {
		return this.source.clone();
	}

	String sha() {
		return this.sha;
	}

	static String read(String file) {
		try (InputStream in = LuaScript.class.getResourceAsStream("/scripts/" + file)) {
			if (in == null) {
				throw new IllegalStateException("Missing script scripts/" + file + " on the class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha1(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every JVM", ex);
		}
	}

	/** Key names several scripts share (an enum constant cannot refer to the enum's own constants). */
	private static final class Names {

		static final List<String> WINDOW_KEYS = List.of("results", "index", "late_counts", "late_ids", "retracted");

	}

}
