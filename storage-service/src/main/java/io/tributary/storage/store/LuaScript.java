package io.tributary.storage.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The storage scripts (in {@code scripts/} on the class path), each with the shared functions of
 * {@code common.lua} prepended and its SHA-1 digest for EVALSHA.
 */
enum LuaScript {

	RESULT("result.lua"), LATE_COUNT("late-count.lua"), LATE_RECORD("late-record.lua"),
	DEAD_LETTER("dead-letter.lua"), PIPELINE_KEYS("pipeline-keys.lua"), STATUS("status.lua"), FEED("feed.lua"),
	RETRACTION("retraction.lua"), ALERT("alert.lua");

	private final byte[] source;

	private final String sha;

	LuaScript(String file) {
		String text = read("common.lua") + "\n" + read(file);
		this.source = text.getBytes(StandardCharsets.UTF_8);
		this.sha = sha1(this.source);
	}

	byte[] source() {
		return this.source.clone();
	}

	String sha() {
		return this.sha;
	}

	private static String read(String file) {
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

}
