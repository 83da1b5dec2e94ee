package io.tributary.support.web;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The shape of every error answer of the services' HTTP APIs: an RFC 9457 problem with {@code type}
 * ({@value #TYPE_BASE} and a name), {@code title}, {@code status}, {@code detail} and
 * {@code instance} (the request path, which Spring MVC fills in), as {@code application/problem+json};
 * a 503 or 429 tells the client when to retry ({@code Retry-After}, from the service's configuration); a
 * failure nobody expected is a 500 whose cause goes to the log, never to the client. A client that
 * went away mid-request or mid-response is no failure of the service: a debug line, no answer. Spring MVC's
 * own errors (415, 405, 404 of unknown paths, ...) come from the base class in the same shape. A
 * service's {@code @RestControllerAdvice} extends this and adds only its own exception mappings.
 */
public abstract class ProblemAnswers extends ResponseEntityExceptionHandler {

	/** Where the problem types are named. */
	public static final String TYPE_BASE = "https://tributary.io/problems/";

	private static final Logger log = LoggerFactory.getLogger(ProblemAnswers.class);

	/** Logs a disconnected client at debug (its stack trace at trace) under this category. */
	private static final DisconnectedClientHelper disconnected = new DisconnectedClientHelper(
			"io.tributary.support.web.DisconnectedClient");

	private final String retryAfterSeconds;

	private final String unexpectedDetail;

	/**
	 * @param retryAfter       what a 503 tells the client to wait (whole seconds, at least one)
	 * @param unexpectedDetail what a 500 says, without any of the failure's own text
	 */
	protected ProblemAnswers(Duration retryAfter, String unexpectedDetail) {
		this.retryAfterSeconds = String.valueOf(Math.max(1, retryAfter.toSeconds()));
		this.unexpectedDetail = unexpectedDetail;
	}

	/** Anything that no mapping of the service's names: a 500, logged with its stack trace, sent without it. */
	@ExceptionHandler
	protected @Nullable ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (disconnected.checkAndLogClientDisconnectedException(ex)) {
			// nobody to answer
			return null;
		}
		log.error("Unexpected error handling a request", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal Server Error",
				this.unexpectedDetail);
	}

	/** A problem answer; {@code properties} can be added to its body before it is returned. */
	protected static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title,
			String detail) {
		return answer(status, problemDetail(status, type, title, detail), new HttpHeaders());
	}

	/** A 400 for one request parameter, named in the body's {@code parameter} property. */
	protected static ResponseEntity<ProblemDetail> invalidParameter(String parameter, String detail) {
		HttpStatus status = HttpStatus.BAD_REQUEST;
		ProblemDetail body = problemDetail(status, "invalid-parameter", "Invalid request parameter", detail);
		body.setProperty("parameter", parameter);
		return answer(status, body, new HttpHeaders());
	}

	/** A 503: the client is told to retry after the configured delay. */
	protected ResponseEntity<ProblemDetail> unavailable(String type, String title, String detail) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
		HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
		return answer(status, problemDetail(status, type, title, detail), headers);
	}

	/** A 429: the client is over a limit of its own and is told to retry after the configured delay. */
	protected ResponseEntity<ProblemDetail> tooManyRequests(String type, String detail) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
		HttpStatus status = HttpStatus.TOO_MANY_REQUESTS;
		return answer(status, problemDetail(status, type, "Too Many Requests", detail), headers);
	}

	private static ProblemDetail problemDetail(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

	private static ResponseEntity<ProblemDetail> answer(HttpStatus status, ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
