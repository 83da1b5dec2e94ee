package io.tributary.support.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel/JSON error page for errors that never reach a controller (a filter
 * failing, the container answering with sendError), so those are problem details too. It only
 * reports the status: the error message and exception stay in the log.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "${server.error.path:${error.path:/error}}", produces = {
			MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(status.getReasonPhrase());
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
			try {
				problem.setInstance(URI.create(uri));
			}
			catch (IllegalArgumentException ex) {
				// the container accepted a URI that java.net.URI does not: leave instance out
			}
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static HttpStatus status(@Nullable Object code) {
		if (code == null) {
			// not an error dispatch: someone asked for the error path itself
			return HttpStatus.NOT_FOUND;
		}
		HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
		return status != null && status.isError() ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

}
