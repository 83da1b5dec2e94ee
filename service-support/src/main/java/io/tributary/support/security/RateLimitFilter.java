package io.tributary.support.security;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request with a key go on only while its key's bucket (and, for an event post, its stream's)
 * has a token left, and tells the client with the {@code RateLimit-*} headers; over the limit it answers
 * 429 problem+json with {@code Retry-After}. When Redis does not answer, requests go on unlimited
 * (fail open) with a WARN at most once a minute: a store outage must not refuse every request.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

	private static final Pattern EVENTS = Pattern.compile("/api/v1/streams/([^/]+)/events");

	private static final long WARN_EVERY_NANOS = 60_000_000_000L;

	private final RateLimits limits;

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

	RateLimitFilter(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		if (!(who instanceof KeyHolder holder)) {
			chain.doFilter(request, response);
			return;
		}
		RateLimitDecision decision;
		try {
			decision = this.limits.forKey(holder.keyName());
			if (decision.allowed() && "POST".equals(request.getMethod())) {
				Matcher events = EVENTS.matcher(request.getRequestURI().substring(request.getContextPath().length()));
				if (events.matches()) {
					decision = decision.tighter(this.limits.forStream(events.group(1)));
				}
			}
		}
		catch (RuntimeException ex) {
			warnFailOpen(ex);
			chain.doFilter(request, response);
			return;
		}
		decision.writeHeaders(response);
		if (decision.allowed()) {
			chain.doFilter(request, response);
			return;
		}
		log.info("Refused {} {} for key '{}': rate limit reached, retry after {}s", request.getMethod(),
				request.getRequestURI(), holder.keyName(), decision.retryAfterSeconds());
		SecurityProblems.write(request, response, 429, "rate-limited", "Too Many Requests",
				"Rate limit reached (" + decision.limit() + " requests at once); retry after "
						+ decision.retryAfterSeconds() + " s.");
	}

	private void warnFailOpen(RuntimeException ex) {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= WARN_EVERY_NANOS && this.lastWarning.compareAndSet(last, now)) {
			log.warn("Rate limits are not applied: Redis did not answer ({}). Requests go on unlimited until it does "
					+ "(this warning repeats at most once a minute).", ex.toString());
		}
	}

}
