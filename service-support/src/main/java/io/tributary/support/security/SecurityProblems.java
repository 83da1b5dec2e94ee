package io.tributary.support.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The answers to requests that may not go on, as problem details like every other error of the
 * services: 401 with {@code WWW-Authenticate: Bearer} for no key or a key not in force, 403 for a key
 * without the scope the endpoint needs. The log names the key's name where there is one, never a key.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

	/** Where the problem types are named, as in {@code ProblemAnswers}. */
	private static final String TYPE_BASE = "https://tributary.io/problems/";

	private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

	/** No key, or the request's browser session ended. */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		unauthorized(request, response, "This endpoint needs an API key: send it as 'Authorization: Bearer <key>' "
				+ "or 'X-API-Key: <key>'.");
	}

	/** A key was presented that is not in force (unknown, revoked or malformed). */
	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException ex) throws IOException {
		log.info("Refused {} {} from {}: the API key presented is not in force", request.getMethod(),
				request.getRequestURI(), request.getRemoteAddr());
		unauthorized(request, response, "The API key is not valid: it is unknown or was revoked.");
	}

	/** A key that lacks the scope, or a browser session's request it may not make (or without its CSRF token). */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		String name = (who instanceof KeyHolder holder) ? holder.keyName() : "(none)";
		log.info("Refused {} {} for key '{}': {}", request.getMethod(), request.getRequestURI(), name,
				ex.getClass().getSimpleName());
		String detail = (ex instanceof org.springframework.security.web.csrf.CsrfException)
				? "This request needs the CSRF token of the browser session (GET /api/v1/session gives it)."
				: "The API key '" + name + "' does not have the scope this endpoint needs.";
		write(request, response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Forbidden", detail);
	}

	private static void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tributary\"");
		write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
	}

	static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
			String title, String detail) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		String body = "{\"type\":\"" + TYPE_BASE + type + "\",\"title\":\"" + title + "\",\"status\":" + status
				+ ",\"detail\":\"" + json(detail) + "\",\"instance\":\"" + json(request.getRequestURI()) + "\"}";
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(body);
		response.getWriter().flush();
	}

	/** A JSON string's content: quotes, backslashes and control characters escaped. */
	static String json(String text) {
		StringBuilder out = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
