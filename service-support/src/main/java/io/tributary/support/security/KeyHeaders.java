package io.tributary.support.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Finds the key a request presents: {@code Authorization: Bearer <key>}, else {@code X-API-Key: <key>}.
 * A request with neither goes on unauthenticated (and is refused where a scope is needed).
 */
final class KeyHeaders implements AuthenticationConverter {

	static final String API_KEY_HEADER = "X-API-Key";

	private static final String BEARER = "bearer ";

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return presented(authorization.substring(BEARER.length()));
		}
		String apiKey = request.getHeader(API_KEY_HEADER);
		return (apiKey != null) ? presented(apiKey) : null;
	}

	private static PresentedKey presented(String value) {
		// an empty key is presented as such: refused with 401, not taken for no key at all
		return new PresentedKey(value.strip());
	}

}
