package io.tributary.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The SHA-256 digest under which a key is stored (64 lower-case hex digits), and the comparison of
 * two digests in time independent of where they differ. Keys are long random strings, so a plain
 * digest (no salt, no stretching) cannot be reversed by guessing.
 */
public final class KeyDigest {

	private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

	private KeyDigest() {
	}

	/** The digest of a key, as stored: SHA-256 of its UTF-8 bytes, in lower-case hex. */
	public static String of(String key) {
		return HexFormat.of().formatHex(bytes(key));
	}

	static byte[] bytes(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** The digest's bytes; a clear failure if it is not 64 hex digits. */
	static byte[] parse(String hex) {
		if (!HEX_64.matcher(hex).matches()) {
			throw new IllegalArgumentException("a key digest is 64 hex digits (SHA-256), got " + hex.length()
					+ " characters");
		}
		return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
	}

	/** Whether two digests are equal, in time that does not depend on where they differ. */
	static boolean same(byte[] a, byte[] b) {
		return MessageDigest.isEqual(a, b);
	}

}
