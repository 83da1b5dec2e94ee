package io.tributary.support.broker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * What the application's {@code errorChannel} does with a consumer's failure, which every binding's
 * error channel forwards to it, in place of Spring Integration's default {@code LoggingHandler}
 * (an ERROR with a stack trace for each). A dependency's passing failure ({@link DependencyFailures}),
 * whose input goes back to the broker and is delivered again, is one WARN line, at most one per
 * interval with the number of failures since; anything else is still an ERROR with its stack trace.
 */
public final class ListenerFailureLog implements MessageHandler {

	private static final Logger log = LoggerFactory.getLogger(ListenerFailureLog.class);

	private final long intervalNanos;

	private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	/** @param interval the least time between two WARN lines of passing failures */
	public ListenerFailureLog(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	@Override
	public void handleMessage(Message<?> message) {
		Object payload = message.getPayload();
		if (!(payload instanceof Throwable failure)) {
			log.error("Consumer failure: {}", payload);
			return;
		}
		if (!DependencyFailures.isTransient(failure)) {
			log.error("Consumer failure; its input goes back to the broker or to the dead-letter queue as the binding says",
					failure);
			return;
		}
		long now = System.nanoTime();
		long next = this.nextWarning.get();
		if (now - next >= 0 && this.nextWarning.compareAndSet(next, now + this.intervalNanos)) {
			long others = this.suppressed.getAndSet(0);
			log.warn("A delivery goes back to the broker for redelivery, a dependency failed{}: {}",
					(others > 0) ? " (and " + others + " more since the last such line)" : "",
					DependencyFailures.describe(failure));
		}
		else {
			this.suppressed.incrementAndGet();
		}
	}

}
