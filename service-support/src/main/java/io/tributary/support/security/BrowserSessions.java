package io.tributary.support.security;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/session}: the dashboard's login, because a browser's {@code EventSource} cannot send
 * a key. {@code GET} tells whether the browser has a session and gives the CSRF token the other two
 * need; {@code POST} with a key in the {@code Authorization} header (never in the URL or body) opens
 * a session that may make {@code query} reads and nothing else, held in an HttpOnly, SameSite=Strict
 * cookie (Secure over HTTPS) that expires after the configured idle time; {@code DELETE} ends it.
 */
@RestController
@RequestMapping(path = BrowserSessions.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
final class BrowserSessions {

	static final String PATH = "/api/v1/session";

	private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

	private final Duration timeout;

	private final boolean keysRequired;

	BrowserSessions(Duration timeout, boolean keysRequired) {
		this.timeout = timeout;
		this.keysRequired = keysRequired;
	}

	/**
	 * What the dashboard needs to know before it logs in.
	 *
	 * @param authenticated whether this browser has a session
	 * @param key           the name of the key that opened it
	 * @param csrfHeader    the header that carries the CSRF token on {@code POST} and {@code DELETE}
	 * @param csrfToken     the token
	 */
	record SessionState(boolean authenticated, @Nullable String key, String csrfHeader, String csrfToken) {
	}

	@GetMapping
	SessionState state(HttpServletRequest request) {
		if (!this.keysRequired) {
			// local development: everything is open, there is nothing to sign in to
			return new SessionState(true, null, "", "");
		}
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		if (csrf == null) {
			throw new IllegalStateException("no CSRF token: browser sessions need CSRF protection");
		}
		String token = csrf.getToken();
		if (who instanceof KeyHolder holder && holder.isBrowserSession()) {
			return new SessionState(true, holder.keyName(), csrf.getHeaderName(), token);
		}
		return new SessionState(false, null, csrf.getHeaderName(), token);
	}

	@PostMapping
	ResponseEntity<SessionState> open(HttpServletRequest request, HttpServletResponse response) {
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		if (!(who instanceof KeyHolder holder) || holder.isBrowserSession()) {
			// the access rules let only a presented key with the query scope here
			throw new IllegalStateException("a browser session is opened with a key, not with another session");
		}
		HttpSession existing = request.getSession(false);
		if (existing != null) {
			request.changeSessionId();
		}
		HttpSession session = request.getSession(true);
		session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, this.timeout.toSeconds()));
		SecurityContext context = new SecurityContextImpl(holder.browserSession());
		this.sessions.saveContext(context, request, response);
		CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		return ResponseEntity.ok(new SessionState(true, holder.keyName(), (csrf != null) ? csrf.getHeaderName() : "",
				(csrf != null) ? csrf.getToken() : ""));
	}

	@DeleteMapping
	ResponseEntity<Void> close(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		return ResponseEntity.noContent().build();
	}

}
