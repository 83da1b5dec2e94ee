package io.tributary.support.security;

import java.util.Set;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * Who a request is: the name of the key it presented (or that opened its browser session) and what
 * that key may do here. The digest is kept so that a browser session ends when its key is revoked.
 */
final class KeyHolder extends AbstractAuthenticationToken {

	private final String name;

	private final byte[] digest;

	private final boolean browserSession;

	private KeyHolder(String name, byte[] digest, Set<Scope> scopes, boolean browserSession) {
		super(Scope.authorities(scopes));
		this.name = name;
		this.digest = digest.clone();
		this.browserSession = browserSession;
		setAuthenticated(true);
	}

	/** A request that presented this key. */
	static KeyHolder presenting(ApiKey key) {
		return new KeyHolder(key.name(), key.digest(), key.scopes(), false);
	}

	/** A browser session opened with this key: it may read ({@code query}) and nothing else. */
	KeyHolder browserSession() {
		return new KeyHolder(this.name, this.digest, Set.of(Scope.QUERY), true);
	}

	String keyName() {
		return this.name;
	}

	byte[] digest() {
		return this.digest.clone();
	}

	boolean isBrowserSession() {
		return this.browserSession;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getPrincipal() {
		return this.name;
	}

	@Override
	public String getCredentials() {
		return "";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof KeyHolder k && k.name.equals(this.name) && KeyDigest.same(k.digest, this.digest)
				&& k.browserSession == this.browserSession && k.getAuthorities().equals(getAuthorities());
	}

	@Override
	public int hashCode() {
		return this.name.hashCode();
	}

	@Override
	public String toString() {
		return "KeyHolder[" + this.name + (this.browserSession ? ", browser session" : "") + ", " + getAuthorities()
				+ "]";
	}

}
