package io.tributary.support.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Checks a presented key against the keys in force: the key's holder, or a refusal that names no key. */
final class KeyCheck implements AuthenticationProvider {

	private final KeyRing ring;

	KeyCheck(KeyRing ring) {
		this.ring = ring;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String presented = ((PresentedKey) authentication).getCredentials();
		ApiKey key = presented.isEmpty() ? null : this.ring.find(presented);
		if (key == null) {
			throw new BadCredentialsException("The API key is not valid");
		}
		return KeyHolder.presenting(key);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PresentedKey.class.isAssignableFrom(authentication);
	}

}
