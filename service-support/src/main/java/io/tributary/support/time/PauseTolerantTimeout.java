package io.tributary.support.time;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A timeout for waiting on the broker or Redis that counts only the time this process ran. It
 * waits in short slices; a slice that took far longer than asked means the whole process was paused
 * (SIGSTOP, a VM migration, a long GC): the answer may be sitting in a socket buffer that no thread
 * could read, so the pause is not held against the timeout. A plain deadline would expire the moment
 * the process thaws and fail a wait whose answer had arrived. One instance is one budget, shared by
 * every wait made with it, from one thread.
 */
public final class PauseTolerantTimeout {

	/** How long one slice waits at most; a pause counts as at most one more slice. */
	static final Duration SLICE = Duration.ofMillis(500);

	private final Duration timeout;

	private final long slice;

	private final LongSupplier nanoClock;

	private long remaining;

	public PauseTolerantTimeout(Duration timeout) {
		this(timeout, SLICE, System::nanoTime);
	}

	/**
	 * @param slice     how long one wait lasts at most; a pause counts as at most one more slice
	 * @param nanoClock {@link System#nanoTime()}, or a clock a test moves
	 */
	public PauseTolerantTimeout(Duration timeout, Duration slice, LongSupplier nanoClock) {
		if (slice.isNegative() || slice.isZero()) {
			throw new IllegalArgumentException("slice must be positive, got " + slice);
		}
		this.timeout = timeout;
		this.slice = slice.toNanos();
		this.nanoClock = nanoClock;
		this.remaining = Math.max(0, timeout.toNanos());
	}

	/** The whole budget, as given. */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Waits until the future completes, spending this budget.
	 * @throws TimeoutException when the budget is spent and the future is not complete
	 */
	public <T> T await(Future<T> future) throws TimeoutException, ExecutionException, InterruptedException {
		while (true) {
			long wait = Math.min(this.remaining, this.slice);
			long started = this.nanoClock.getAsLong();
			try {
				return future.get(wait, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				long took = Math.max(0, this.nanoClock.getAsLong() - started);
				// beyond one more slice (scheduling on a loaded machine) the process was not running
				this.remaining -= Math.min(took, wait + this.slice);
				if (this.remaining <= 0) {
					throw ex;
				}
			}
		}
	}

}
