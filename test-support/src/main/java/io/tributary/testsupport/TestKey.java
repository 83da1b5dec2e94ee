package io.tributary.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An API key made for a test: its name, the key itself (what a client sends) and its SHA-256 digest
 * (what the services are given), with its scopes. {@link #properties} configures a service with keys;
 * {@link #keysFileLine()} is the key's line in a keys file.
 *
 * @param name   what the services' logs show
 * @param key    the secret: 32 random bytes, base64url, as {@code ./tributary} makes them
 * @param digest SHA-256 of the key, lower-case hex, computed here independently of the services
 * @param scopes ingest, lookups, query, admin
 */
public record TestKey(String name, String key, String digest, List<String> scopes) {

	private static final SecureRandom RANDOM = new SecureRandom();

	public TestKey {
		scopes = List.copyOf(scopes);
	}

	/** A new random key with these scopes. */
	public static TestKey create(String name, String... scopes) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		return new TestKey(name, key, sha256Hex(key), List.of(scopes));
	}

	/** A new random key with every scope ({@code admin}). */
	public static TestKey admin(String name) {
		return create(name, "admin");
	}

	/** {@code Authorization} header value: {@code Bearer <key>}. */
	public String bearer() {
		return "Bearer " + this.key;
	}

	/** The key's line in a keys file: {@code NAME DIGEST SCOPES}. */
	public String keysFileLine() {
		return this.name + " " + this.digest + " " + String.join(",", this.scopes);
	}

	/** Spring properties that configure these keys: {@code tributary.security.keys[i].name/digest/scopes}. */
	public static Map<String, String> properties(TestKey... keys) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (int i = 0; i < keys.length; i++) {
			String prefix = "tributary.security.keys[" + i + "].";
			properties.put(prefix + "name", keys[i].name());
			properties.put(prefix + "digest", keys[i].digest());
			properties.put(prefix + "scopes", String.join(",", keys[i].scopes()));
		}
		return properties;
	}

	static String sha256Hex(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "TestKey[" + this.name + " " + this.scopes + "]";
	}

}
