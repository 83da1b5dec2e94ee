package io.tributary.support.tomcat;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report in the services' answer shape: a request Tomcat refuses before any
 * application sees it (an invalid path, a malformed request line or header, headers too large) gets
 * a small {@code application/problem+json} body instead of Tomcat's HTML page. It says only the
 * status and a fixed reason: neither Tomcat's message nor the request's text is echoed.
 */
public class ProblemReportValve extends ErrorReportValve {

	/** Where the problem types are named, as in {@code ProblemAnswers}. */
	static final String TYPE = "https://tributary.io/problems/rejected-request";

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		// the same guards as the base class: an error status, nothing written yet, reported once
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body(status));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response cannot take a body: the status line is all it gets
		}
	}

	/** The problem as JSON text; every part is fixed text, so nothing needs escaping. */
	static String body(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		String title = known != null ? known.getReasonPhrase() : "Error";
		return "{\"type\":\"" + TYPE + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
				+ detail(status) + "\"}";
	}

	private static String detail(int status) {
		return switch (status) {
			case 400 -> "The request was refused before it reached the service: its request line, path or headers"
					+ " are malformed or too large (a path with NUL, invalid UTF-8 or '..' above the root, an"
					+ " invalid method or header, conflicting lengths, headers or URL beyond the size limit).";
			case 408 -> "The request was not received in time.";
			case 413 -> "The request body is larger than the service accepts.";
			case 414 -> "The request URL is longer than the service accepts.";
			case 431 -> "The request headers are larger or more numerous than the service accepts.";
			case 501 -> "The request uses a method or transfer coding the service does not implement.";
			case 505 -> "The HTTP version is not supported.";
			default -> "The request was refused before it reached the service.";
		};
	}

}
