package io.tributary.support.broker;

import java.time.Duration;

/**
 * The pause after a failed batch, before it is handed back to the broker: a failed batch is
 * redelivered at once, so without it an unavailable Redis would be retried in a tight loop. The
 * pause doubles while failures continue, up to a maximum, and resets after a success. Storage's
 * consumer and processing's window stage both use it.
 */
public final class FailureBackoff {

	/** Sleeps; a seam for tests. */
	@FunctionalInterface
	public interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	private final Duration initial;

	private final Duration max;

	private final Sleeper sleeper;

	private Duration next;

	public FailureBackoff(Duration initial, Duration max, Sleeper sleeper) {
		this.initial = initial;
		this.max = max.compareTo(initial) < 0 ? initial : max;
		this.sleeper = sleeper;
		this.next = initial;
	}

	/** A back-off that really sleeps. */
	public static FailureBackoff sleeping(Duration initial, Duration max) {
		return new FailureBackoff(initial, max, (d) -> Thread.sleep(d.toMillis()));
	}

	/**
	 * Sleeps for the current pause and doubles the next one. Interrupted (shutting down), it ends at
	 * once and keeps the interrupt, so the caller hands the batch back now.
	 */
	public void pause() {
		Duration pause;
		synchronized (this) {
			pause = this.next;
			Duration doubled = this.next.multipliedBy(2);
			this.next = doubled.compareTo(this.max) > 0 ? this.max : doubled;
		}
		try {
			this.sleeper.sleep(pause);
		}
		catch (InterruptedException ex) {
			// shutting down: hand the batch back now
			Thread.currentThread().interrupt();
		}
	}

	/** After a success: the next failure pauses for the first pause again. */
	public synchronized void reset() {
		this.next = this.initial;
	}

}
