package io.tributary.query.web;

import io.tributary.query.QueryProperties;
import io.tributary.support.web.ProblemAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The query service's own errors as problem details, in the shape every service answers in
 * ({@link ProblemAnswers}: Spring MVC's own exceptions, unexpected failures and {@code Retry-After}
 * are handled there).
 */
@RestControllerAdvice
class ProblemHandler extends ProblemAnswers {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	ProblemHandler(QueryProperties properties) {
		super(properties.retryAfter(), "The request could not be answered. The service log has the details.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException ex) {
		return invalidParameter(ex.parameter(), ex.getMessage());
	}

	/** Tomcat parses the query string lazily and fails on bad percent-encoding such as {@code %ZZ}. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> undecodableQuery(org.apache.tomcat.util.http.InvalidParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid request parameter",
				"The query string cannot be decoded; percent-encode parameter values as UTF-8.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "not-found", "Not Found", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException ex) {
		return unavailable("too-many-streams", "Service Unavailable", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyStreamsOfAKey(TooManyKeyStreamsException ex) {
		return tooManyRequests("too-many-streams", ex.getMessage());
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, QueryTimeoutException.class })
	ResponseEntity<ProblemDetail> storeUnavailable(Exception ex) {
		log.warn("Redis did not answer: {}", ex.getMessage());
		return unavailable("store-unavailable", "Service Unavailable",
				"The result store is not reachable right now; retry shortly.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadableRecord(UnreadableRecordException ex) {
		log.error("Unreadable record in Redis", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "unreadable-record", "Internal Server Error",
				ex.getMessage() + ". The service log has the details.");
	}

}
