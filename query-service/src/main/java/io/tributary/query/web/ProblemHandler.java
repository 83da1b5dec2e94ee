package io.tributary.query.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Makes every error an RFC 9457 problem detail. Spring MVC's own exceptions (unknown path, wrong
 * method, unacceptable media type, ...) are handled by the base class; ours are added here, and
 * anything unexpected becomes a 500 whose cause goes to the log and never to the client.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	/** How long a client should wait before retrying when Redis does not answer. */
	private static final String RETRY_AFTER_SECONDS = "1";

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid request parameter");
		problem.setProperty("parameter", ex.parameter());
		return problem(problem, new HttpHeaders());
	}

	/** Tomcat parses the query string lazily and fails on bad percent-encoding such as {@code %ZZ}. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> undecodableQuery(org.apache.tomcat.util.http.InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The query string cannot be decoded; percent-encode parameter values as UTF-8.");
		problem.setTitle("Invalid request parameter");
		return problem(problem, new HttpHeaders());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Not Found");
		return problem(problem, new HttpHeaders());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Service Unavailable");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return problem(problem, headers);
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, QueryTimeoutException.class })
	ResponseEntity<ProblemDetail> storeUnavailable(Exception ex) {
		log.warn("Redis did not answer: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The result store is not reachable right now; retry shortly.");
		problem.setTitle("Service Unavailable");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return problem(problem, headers);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadableRecord(UnreadableRecordException ex) {
		log.error("Unreadable record in Redis", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				ex.getMessage() + ". The service log has the details.");
		problem.setTitle("Internal Server Error");
		return problem(problem, new HttpHeaders());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Request failed", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request could not be answered. The service log has the details.");
		problem.setTitle("Internal Server Error");
		return problem(problem, new HttpHeaders());
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
