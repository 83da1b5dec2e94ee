package io.tributary.processing.stream;

import java.time.Duration;

/**
 * The pause after a failed delivery, before it is handed back to the broker: a failed batch is
 * redelivered at once, so without it an unavailable Redis would be retried in a tight loop. The
 * pause doubles while failures continue, up to a maximum, and resets after a success.
 */
final class FailureBackoff {

	/** Sleeps; a seam for tests. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	private final Duration initial;

	private final Duration max;

	private final Sleeper sleeper;

	private Duration next;

	FailureBackoff(Duration initial, Duration max, Sleeper sleeper) {
		this.initial = initial;
		this.max = (max.compareTo(initial) < 0) ? initial : max;
		this.sleeper = sleeper;
		this.next = initial;
	}

	static FailureBackoff sleeping(Duration initial, Duration max) {
		return new FailureBackoff(initial, max, (d) -> Thread.sleep(d.toMillis()));
	}

	/**
	 * Sleeps for the current pause and doubles the next one.
	 * @throws IllegalStateException when interrupted (shutting down): the batch goes back now
	 */
	void pause() {
		Duration pause;
		synchronized (this) {
			pause = this.next;
			Duration doubled = this.next.multipliedBy(2);
			this.next = (doubled.compareTo(this.max) > 0) ? this.max : doubled;
		}
		try {
			this.sleeper.sleep(pause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	synchronized void reset() {
		this.next = this.initial;
	}

}
