package io.tributary.ingestion.api;

import java.time.Duration;
import java.util.function.Consumer;

import io.tributary.ingestion.IngestionProperties;
import io.tributary.ingestion.alertdelivery.FailedDeliveryNotFoundException;
import io.tributary.ingestion.alertdelivery.InvalidResendRequestException;
import io.tributary.ingestion.alertdelivery.UnknownPipelineException;
import io.tributary.ingestion.backpressure.AcceptLagTooLongException;
import io.tributary.ingestion.backpressure.BacklogTooLargeException;
import io.tributary.ingestion.deadletter.BadRedriveRequestException;
import io.tributary.ingestion.deadletter.BrokerDeadLettersUnsupportedException;
import io.tributary.ingestion.deadletter.DeadLettersNotFoundException;
import io.tributary.ingestion.deadletter.RedriveFailedException;
import io.tributary.ingestion.deadletter.UnknownDeadLetterQueueException;
import io.tributary.ingestion.intake.InvalidRequestException;
import io.tributary.ingestion.intake.LimitExceededException;
import io.tributary.ingestion.intake.TooManyEventsException;
import io.tributary.ingestion.intake.UnknownStreamException;
import io.tributary.ingestion.lookup.InvalidLookupException;
import io.tributary.ingestion.lookup.LookupKeyNotFoundException;
import io.tributary.ingestion.lookup.UnknownLookupException;
import io.tributary.ingestion.publish.PublishFailedException;
import io.tributary.support.web.ProblemAnswers;
import jakarta.servlet.http.HttpServletRequest;
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

/**
 * Ingestion's own errors as problem details, in the shape every service answers in
 * ({@link ProblemAnswers}): what is wrong, and for invalid events which ones and why. Never a stack
 * trace.
 */
@RestControllerAdvice
class ProblemHandler extends ProblemAnswers {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	ProblemHandler(IngestionProperties properties) {
		super(properties.ingestion().retryAfter(), "the request failed unexpectedly; nothing was accepted");
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
	ResponseEntity<ProblemDetail> limitExceeded(LimitExceededException ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "limit-exceeded", "Request limit exceeded",
				ex.getMessage() + "; nothing was accepted");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> bodyTooSlow(BodyTooSlowException ex) {
		log.info("Answering 408: {}", ex.getMessage());
		return problem(HttpStatus.REQUEST_TIMEOUT, "body-too-slow", "Request body too slow", ex.getMessage());
	}

	/** The client went away mid-body: not the service's failure, so no error in its log. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> bodyNotReceived(BodyNotReceivedException ex) {
		log.debug("Request body not received: {}", ex.getMessage());
		return problem(HttpStatus.BAD_REQUEST, "body-not-received", "Request body not received", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> publishFailed(PublishFailedException ex) {
		log.warn("Answering 503: {}", ex.getMessage());
		return unavailable("broker-unavailable", "Broker unavailable",
				"the events were not accepted because the broker did not confirm them (" + ex.getMessage()
						+ "); retry later");
	}

	/** The pipeline is behind by time: a 503 with its own, shorter Retry-After, and the accept lag in the body. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> acceptLagTooLong(AcceptLagTooLongException ex) {
		return pipelineBehind(ex.getMessage(), "lag", ex.retryAfter(), (body) -> {
			body.setProperty("acceptLagMillis", ex.acceptLagMillis());
			body.setProperty("maxDelayMillis", ex.maxDelayMillis());
		});
	}

	/** The pipeline is behind by messages: a 503 with its own, shorter Retry-After, and the backlog in the body. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> backlogTooLarge(BacklogTooLargeException ex) {
		return pipelineBehind(ex.getMessage(), "backlog", ex.retryAfter(), (body) -> {
			body.setProperty("backlog", ex.backlog());
			body.setProperty("maxBacklog", ex.maxBacklog());
		});
	}

	private ResponseEntity<ProblemDetail> pipelineBehind(String detail, String reason, Duration retryAfter,
			Consumer<ProblemDetail> measures) {
		log.debug("Answering 503: {}", detail);
		ResponseEntity<ProblemDetail> problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "backlog", "Pipeline behind",
				detail);
		ProblemDetail body = problem.getBody();
		if (body != null) {
			body.setProperty("reason", reason);
			measures.accept(body);
		}
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())))
			.body(body);
	}

	@ExceptionHandler({ RedisConnectionFailureException.class, DataAccessResourceFailureException.class,
			QueryTimeoutException.class })
	ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException ex, HttpServletRequest request) {
		log.warn("Answering 503: Redis unavailable: {}", ex.getMessage());
		if (request.getRequestURI().startsWith("/api/v1/pipelines/")) {
			return unavailable("store-unavailable", "Store unavailable", "Redis is unavailable; retry later (a "
					+ "failed delivery is resent whole or not at all, and one resent is no longer listed)");
		}
		if (request.getRequestURI().startsWith("/api/v1/admin/")) {
			return unavailable("store-unavailable", "Store unavailable", "Redis is unavailable; retry later (a redrive "
					+ "that stopped halfway keeps what it took as 'redriving', and running it again finishes it)");
		}
		return unavailable("store-unavailable", "Store unavailable",
				"the lookup table was not written because Redis is unavailable; nothing was changed; retry later");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> deadLettersNotFound(DeadLettersNotFoundException ex) {
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.NOT_FOUND, "dead-letters-not-found",
				"Dead letters not found", ex.getMessage());
		ProblemDetail body = response.getBody();
		if (body != null) {
			body.setProperty("ids", ex.ids());
		}
		return response;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unknownDeadLetterQueue(UnknownDeadLetterQueueException ex) {
		return problem(HttpStatus.NOT_FOUND, "unknown-dead-letter-queue", "Unknown dead-letter queue", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badRedriveRequest(BadRedriveRequestException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-redrive-request", "Invalid redrive request", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> brokerDeadLettersUnsupported(BrokerDeadLettersUnsupportedException ex) {
		return problem(HttpStatus.NOT_IMPLEMENTED, "broker-dead-letters-unsupported",
				"Broker dead letters not available", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> redriveFailed(RedriveFailedException ex) {
		log.warn("Answering 503: {}", ex.getMessage());
		return unavailable("redrive-interrupted", "Redrive interrupted", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unknownPipeline(UnknownPipelineException ex) {
		return problem(HttpStatus.NOT_FOUND, "unknown-pipeline", "Unknown pipeline", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> failedDeliveryNotFound(FailedDeliveryNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "failed-delivery-not-found", "Failed delivery not found", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidResendRequest(InvalidResendRequestException ex) {
		return invalidParameter(ex.parameter(), ex.getMessage());
	}

}
