package io.tributary.support.tomcat;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection right after a 408 answer. Tomcat otherwise reads and drops the rest of an
 * unread body before it closes ({@code max-swallow-size}), and a client that trickles its body in
 * too slowly would hold the connection for as long as it keeps trickling.
 */
class NoSwallowAfterTimeoutValve extends ValveBase {

	NoSwallowAfterTimeoutValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		if (response.getStatus() == 408) {
			request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			// that marks the exchange as failed; the 408 already written is its report, not /error
			response.setErrorReported();
		}
	}

}
