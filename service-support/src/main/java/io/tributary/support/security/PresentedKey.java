package io.tributary.support.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A key as a request presented it, before it is checked; its text is never shown. */
final class PresentedKey extends AbstractAuthenticationToken {

	private final String key;

	PresentedKey(String key) {
		super(List.of());
		this.key = key;
	}

	@Override
	public String getCredentials() {
		return this.key;
	}

	@Override
	public String getPrincipal() {
		return "(unchecked key)";
	}

	@Override
	public String toString() {
		return "PresentedKey[hidden]";
	}

}
