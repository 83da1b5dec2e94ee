package io.tributary.support.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the name of the request's key in the log context ({@value #MDC_KEY}) while the request is
 * handled and on the request for its metrics ({@link KeyNameTag}), and ends a browser session whose key was revoked since it was opened (the request then
 * goes on without a key and is refused with 401).
 */
final class KeyNameLogging extends OncePerRequestFilter {

	/** The log context entry that names the request's key. */
	static final String MDC_KEY = "api_key";

	private static final Logger log = LoggerFactory.getLogger(KeyNameLogging.class);

	private final KeyRing ring;

	KeyNameLogging(KeyRing ring) {
		this.ring = ring;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		if (who instanceof KeyHolder holder && holder.isBrowserSession()
				&& !this.ring.holds(holder.keyName(), holder.digest())) {
			log.info("Ended the browser session of key '{}': the key was revoked", holder.keyName());
			SecurityContextHolder.clearContext();
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			who = null;
		}
		if (!(who instanceof KeyHolder holder)) {
			chain.doFilter(request, response);
			return;
		}
		MDC.put(MDC_KEY, holder.keyName());
		request.setAttribute(KeyNameTag.ATTRIBUTE, holder.keyName());
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
