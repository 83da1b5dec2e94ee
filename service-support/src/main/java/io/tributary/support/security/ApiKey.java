package io.tributary.support.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A key as the services know it: its name (what logs and dead letters show), the SHA-256 digest of
 * the key itself, and its scopes. The key is never held.
 */
record ApiKey(String name, byte[] digest, Set<Scope> scopes) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

	ApiKey {
		digest = digest.clone();
		scopes = Set.copyOf(scopes);
	}

	/** A key from its configured parts; a clear failure naming the key if any part is wrong. */
	static ApiKey of(String name, String digestHex, List<String> scopeNames) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("key name '" + name
					+ "' must be 1 to 100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
		}
		try {
			byte[] digest = KeyDigest.parse(digestHex.trim());
			Set<Scope> scopes = EnumSet.noneOf(Scope.class);
			for (String scope : scopeNames) {
				if (!scope.isBlank()) {
					scopes.add(Scope.named(scope));
				}
			}
			if (scopes.isEmpty()) {
				throw new IllegalArgumentException("no scopes (give one or more of ingest, lookups, query, admin)");
			}
			return new ApiKey(name, digest, scopes);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("key '" + name + "': " + ex.getMessage(), ex);
		}
	}

	boolean matches(byte[] presentedDigest) {
		return KeyDigest.same(this.digest, presentedDigest);
	}

	@Override
	public byte[] digest() {
		return this.digest.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ApiKey k && k.name.equals(this.name) && KeyDigest.same(k.digest, this.digest)
				&& k.scopes.equals(this.scopes);
	}

	@Override
	public int hashCode() {
		return this.name.hashCode();
	}

	@Override
	public String toString() {
		return "ApiKey[" + this.name + " " + this.scopes + "]";
	}

}
