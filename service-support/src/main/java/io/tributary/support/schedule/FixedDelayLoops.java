package io.tributary.support.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Tasks that run again and again, each a fixed delay after its last run ended, on threads of their
 * own (one per task) from {@link #start} until {@link #stop}: what a service's
 * {@code SmartLifecycle} does without input. A task handles its own failures; one that throws is
 * not run again.
 */
public final class FixedDelayLoops {

	/** A task and the delay before its first run and between its runs. */
	public record Loop(Duration delay, Runnable task) {
	}

	private final Thread.Builder threads;

	private @Nullable ScheduledExecutorService executor;

	/** @param threads makes the loops' threads, anew on every {@link #start} (names count from their start again) */
	public FixedDelayLoops(Thread.Builder threads) {
		this.threads = threads;
	}

	/** Starts the loops, each after its first delay. */
	public synchronized void start(Loop... loops) {
		ScheduledExecutorService ex = Executors.newScheduledThreadPool(loops.length, this.threads.factory());
		for (Loop loop : loops) {
			ex.scheduleWithFixedDelay(loop.task(), loop.delay().toMillis(), loop.delay().toMillis(), TimeUnit.MILLISECONDS);
		}
		this.executor = ex;
	}

	/** Runs no task again, waiting up to 10 s for the ones running to end. */
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdown();
			try {
				this.executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	/** Between {@link #start} and {@link #stop}. */
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
