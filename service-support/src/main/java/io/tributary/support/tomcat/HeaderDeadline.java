package io.tributary.support.tomcat;

import java.time.Duration;

import org.apache.coyote.AbstractProcessor;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the connections whose request line and headers are still arriving longer than the deadline
 * after their first byte, and has Tomcat close them: it dispatches the same error event that the
 * poller dispatches on a read timeout, and a worker closes the connection (without an answer), with
 * the connection's lock held, as Tomcat closes any connection that times out while it waits for
 * header bytes. A kept-alive connection waiting for its next request has no processor attached and
 * no start time, and is left to the keep-alive timeout; an asynchronous request (a live stream) is not
 * waiting for headers.
 *
 * @param <S> the endpoint's socket type
 */
final class HeaderDeadline<S> {

	private static final Logger logger = LoggerFactory.getLogger(HeaderDeadline.class);

	private final long deadlineNanos;

	private final AbstractEndpoint<S, ?> endpoint;

	HeaderDeadline(Duration deadline, AbstractEndpoint<S, ?> endpoint) {
		this.deadlineNanos = deadline.toNanos();
		this.endpoint = endpoint;
	}

	/** One round over the connections; never throws, so the schedule keeps running. */
	void enforce() {
		try {
			long now = System.nanoTime();
			for (SocketWrapperBase<S> wrapper : this.endpoint.getConnections()) {
				if (!wrapper.isClosed() && wrapper.getCurrentProcessor() instanceof AbstractProcessor processor
						&& overdue(wrapper, processor, now)) {
					logger.debug("Closing the connection from {}: its request headers took longer than {}ms",
							wrapper.getRemoteAddr(), this.deadlineNanos / 1_000_000);
					this.endpoint.processSocket(wrapper, SocketEvent.ERROR, true);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("The header deadline check failed; it runs again in a second: {}", ex.toString());
		}
	}

	/**
	 * An HTTP/1.1 processor stays attached to its connection between reads only while the request
	 * line or headers are incomplete, or while the request is asynchronous (a live stream) or
	 * upgraded; while a worker parses or serves a request, the worker holds it. Its start time is
	 * when the request line's first byte came.
	 */
	private boolean overdue(SocketWrapperBase<S> wrapper, AbstractProcessor processor, long now) {
		long start = processor.getRequest().getStartTimeNanos();
		return start != -1 && now - start > this.deadlineNanos && !processor.isAsync() && !processor.isUpgrade()
				&& wrapper.getCurrentProcessor() == processor;
	}

}
