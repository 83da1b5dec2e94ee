package io.tributary.ingestion.api;

import java.net.URI;

import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.intake.InvalidRequestException;
import io.tributary.ingestion.intake.TooManyEventsException;
import io.tributary.ingestion.intake.UnknownStreamException;
import io.tributary.ingestion.lookup.InvalidLookupException;
import io.tributary.ingestion.lookup.LookupKeyNotFoundException;
import io.tributary.ingestion.lookup.UnknownLookupException;
import io.tributary.ingestion.publish.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem: what is wrong, and for invalid events which ones and why.
 * Spring MVC's own errors (415, 405, 404 of unknown paths, ...) come from the base class in the same
 * shape. Never a stack trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private static final String TYPE_BASE = "https://tributary.io/problems/";

	private final String retryAfterSeconds;

	ProblemHandler(IngestionProperties properties) {
		this.retryAfterSeconds = String.valueOf(Math.max(1, properties.ingestion().retryAfter().toSeconds()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unknownStream(UnknownStreamException ex) {
		return problem(HttpStatus.NOT_FOUND, "unknown-stream", "Unknown stream", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unknownLookup(UnknownLookupException ex) {
		return problem(HttpStatus.NOT_FOUND, "unknown-lookup", "Unknown lookup table", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> lookupKeyNotFound(LookupKeyNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "lookup-key-not-found", "Lookup key not found", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		ResponseEntity<ProblemDetail> response = ex.malformed()
				? problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", ex.getMessage())
				: problem(HttpStatus.BAD_REQUEST, "invalid-events", "Invalid events", ex.getMessage());
		ProblemDetail body = response.getBody();
		if (body != null) {
			body.setProperty("errors", ex.errors());
			if (!ex.malformed()) {
				body.setProperty("invalidEvents", ex.invalidEvents());
			}
		}
		return response;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidLookup(InvalidLookupException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-lookup-body", "Invalid lookup body", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyEvents(TooManyEventsException ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "too-many-events", "Too many events", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> publishFailed(PublishFailedException ex) {
		log.warn("Answering 503: {}", ex.getMessage());
		return unavailable("broker-unavailable", "Broker unavailable",
				"the events were not accepted because the broker did not confirm them (" + ex.getMessage()
						+ "); retry later");
	}

	@ExceptionHandler({ RedisConnectionFailureException.class, DataAccessResourceFailureException.class,
			QueryTimeoutException.class })
	ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException ex) {
		log.warn("Answering 503: Redis unavailable: {}", ex.getMessage());
		return unavailable("store-unavailable", "Store unavailable",
				"the lookup table was not written because Redis is unavailable; nothing was changed; retry later");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error handling a request", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"the request failed unexpectedly; nothing was accepted");
	}

	private ResponseEntity<ProblemDetail> unavailable(String type, String title, String detail) {
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail);
		return ResponseEntity.status(response.getStatusCode())
			.header(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds)
			.body(response.getBody());
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title,
			String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

}
