package io.tributary.storage.notify;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What delivery did, per target: counters {@code tributary.alert.deliveries{target, outcome}}
 * (delivered, retried, failed), and at most one WARN line per failing target and interval, with
 * the number of failures since the last one. A receiver that is down is the receiver's problem:
 * never an ERROR, never a stack trace.
 */
final class DeliveryMetrics {

	static final String DELIVERIES = "tributary.alert.deliveries";

	private static final Logger log = LoggerFactory.getLogger(DeliveryMetrics.class);

	private final MeterRegistry registry;

	private final long warnIntervalNanos;

	private final Map<String, Warnings> warnings = new ConcurrentHashMap<>();

	DeliveryMetrics(MeterRegistry registry, Duration warnInterval, Iterable<String> targets) {
		this.registry = registry;
		this.warnIntervalNanos = warnInterval.toNanos();
		for (String target : targets) {
			for (String outcome : new String[] { "delivered", "retried", "failed" }) {
				counter(target, outcome);
			}
		}
	}

	void delivered(String target) {
		counter(target, "delivered").increment();
	}

	/** An attempt failed and another follows after {@code wait}. */
	void retried(String target, int attempt, Duration wait, String reason) {
		counter(target, "retried").increment();
		warn(target, "attempt " + attempt + " failed (" + reason + "); retrying in " + wait.toMillis() + " ms");
	}

	/** The last attempt failed: the revision is recorded as a failed delivery. */
	void failed(String target, int attempts, String reason) {
		counter(target, "failed").increment();
		warn(target, "gave up after " + attempts + " attempts (" + reason
				+ "); recorded under the pipeline's failed deliveries");
	}

	/** A failure of delivery itself (Redis), not of a target. */
	void problem(String what) {
		warn("", what);
	}

	/** A failure of delivery itself, with the innermost cause's message. */
	void problem(String what, Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		warn("", what + ": " + root.getMessage());
	}

	private Counter counter(String target, String outcome) {
		return Counter.builder(DELIVERIES)
			.description("Alert revisions sent to notification targets, by outcome")
			.tag("target", target)
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private void warn(String target, String message) {
		Warnings w = this.warnings.computeIfAbsent(target, (t) -> new Warnings());
		long now = System.nanoTime();
		long next = w.next.get();
		if (now - next >= 0 && w.next.compareAndSet(next, now + this.warnIntervalNanos)) {
			long others = w.suppressed.getAndSet(0);
			String since = (others > 0) ? " (" + others + " more such lines held back since the last one)" : "";
			if (target.isEmpty()) {
				log.warn("Alert delivery: {}{}", message, since);
			}
			else {
				log.warn("Alert delivery to target '{}': {}{}", target, message, since);
			}
		}
		else {
			w.suppressed.incrementAndGet();
		}
	}

	private static final class Warnings {

		final AtomicLong next = new AtomicLong(System.nanoTime());

		final AtomicLong suppressed = new AtomicLong();

	}

}
