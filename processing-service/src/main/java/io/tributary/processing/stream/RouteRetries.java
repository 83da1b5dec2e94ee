package io.tributary.processing.stream;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.support.broker.DependencyFailures;
import io.tributary.support.broker.FailureBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Retries, in place, a route delivery whose enrichment lookups (Redis) or publish (the broker) failed:
 * a delivery handed back to the broker would be overtaken by the deliveries prefetched behind it,
 * whose newer events could move a watermark past its older ones. Retries a dependency's failure
 * ({@link DependencyFailures}), not a bug's; pauses between attempts (the failure back-off), says so in
 * the log now and then, and gives up after {@code maxRetryInPlace} or when the application stops,
 * handing the input back for redelivery. Its lifecycle stops first, so a delivery retrying in place
 * never holds up the shutdown of the input binding.
 */
public final class RouteRetries implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RouteStage.class);

	/** How often a delivery retried in place says so. */
	private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

	private final FailureBackoff backoff;

	private final Duration maxRetryInPlace;

	private final Counter failedAttempts;

	private volatile boolean running;

	private volatile boolean stopped;

	/**
	 * @param backoff         the pause between attempts
	 * @param maxRetryInPlace how long a delivery is retried before it is handed back to the broker
	 */
	public RouteRetries(FailureBackoff backoff, Duration maxRetryInPlace, MeterRegistry meters) {
		this.backoff = backoff;
		this.maxRetryInPlace = maxRetryInPlace;
		this.failedAttempts = Counter.builder("tributary.route.failed.attempts")
			.description("route deliveries whose lookups or publish failed, each attempt; retried in place")
			.register(meters);
	}

	/** The retries of one delivery. */
	Delivery delivery() {
		return new Delivery();
	}

	final class Delivery {

		private final long started = System.nanoTime();

		private long nextLog = this.started;

		private int failures;

		private Delivery() {
		}

		/** The delivery's messages were published and confirmed. */
		void succeeded() {
			if (this.failures > 0) {
				RouteRetries.this.backoff.reset();
				log.info("Routed a delivery in order after {} failed attempts in {} ms", this.failures,
						(System.nanoTime() - this.started) / 1_000_000);
			}
		}

		/**
		 * An attempt failed: pauses before the next one, or throws {@code failure} to hand the input
		 * back for redelivery (not transient, retried for {@code maxRetryInPlace}, or stopping).
		 */
		void failed(RuntimeException failure) {
			if (!DependencyFailures.isTransient(failure)) {
				// a bug the same input would meet again: back to the broker at once, as before
				throw failure;
			}
			this.failures++;
			RouteRetries.this.failedAttempts.increment();
			if (RouteRetries.this.stopped || Thread.currentThread().isInterrupted()) {
				log.warn("Stopping: a delivery that could not be routed ({}) goes back to the broker", failure.getMessage());
				throw failure;
			}
			long elapsed = System.nanoTime() - this.started;
			if (elapsed >= RouteRetries.this.maxRetryInPlace.toNanos()) {
				log.warn("A delivery could not be routed for {} ({} attempts); handed back to the broker for "
						+ "redelivery, behind the deliveries prefetched after it: {}", RouteRetries.this.maxRetryInPlace,
						this.failures, failure.getMessage());
				RouteRetries.this.backoff.pause();
				throw failure;
			}
			if (System.nanoTime() - this.nextLog >= 0) {
				log.warn("A delivery could not be routed ({}); retrying in place, its input held in order",
						failure.getMessage());
				this.nextLog = System.nanoTime() + LOG_INTERVAL.toNanos();
			}
			RouteRetries.this.backoff.pause();
			if (RouteRetries.this.stopped || Thread.currentThread().isInterrupted()) {
				throw failure;
			}
		}

	}

	@Override
	public void start() {
		this.stopped = false;
		this.running = true;
	}

	/** Deliveries retrying in place give up at their next attempt. */
	@Override
	public void stop() {
		this.stopped = true;
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops first: before the input bindings, which wait for the delivery in progress. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
