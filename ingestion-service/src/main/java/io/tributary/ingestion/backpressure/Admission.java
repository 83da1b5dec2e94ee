package io.tributary.ingestion.backpressure;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a new HTTP batch may join the pipeline: not while the last backlog sample is over
 * {@code maxBacklog} messages. The backlog is sampled in the background ({@link #sample}); a request
 * only reads the last sample. When the backlog cannot be read, or the last reading is older than
 * {@code staleAfter}, batches are accepted (fail open) with a WARN: an unreadable depth must not
 * refuse every request.
 */
public final class Admission implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Admission.class);

	/** What the health endpoint shows. */
	record State(boolean enabled, String watched, @Nullable Long backlog, long maxBacklog, boolean refusing) {
	}

	private record Sample(long waiting, long takenAtNanos) {
	}

	private final @Nullable BacklogSource source;

	private final long maxBacklog;

	private final long staleAfterNanos;

	private final Duration retryAfter;

	private final LongSupplier nanoTime;

	private final Counter refused;

	private volatile @Nullable Sample last;

	private volatile boolean unreadable;

	private volatile boolean stale;

	/**
	 * @param source     where the backlog is read, or null when admission control is off
	 * @param maxBacklog most messages waiting downstream at which batches are still accepted
	 * @param staleAfter how old the last sample may be and still refuse a batch
	 * @param retryAfter what a refused client is told to wait
	 * @param nanoTime   the clock samples are timed by ({@link System#nanoTime} outside tests)
	 */
	Admission(@Nullable BacklogSource source, long maxBacklog, Duration staleAfter, Duration retryAfter,
			LongSupplier nanoTime, MeterRegistry meters) {
		this.source = source;
		this.maxBacklog = maxBacklog;
		this.staleAfterNanos = staleAfter.toNanos();
		this.retryAfter = retryAfter;
		this.nanoTime = nanoTime;
		this.refused = Counter.builder("tributary.ingestion.refused")
			.description("HTTP event batches refused before they were read, by reason")
			.tag("reason", "backlog")
			.register(meters);
		Gauge.builder("tributary.ingestion.backlog", this, Admission::backlogGauge)
			.description("Messages waiting in the queues downstream of ingestion at the last sample (NaN: unknown)")
			.register(meters);
	}

	/** Reads the backlog once; called by a background loop. */
	void sample() {
		if (this.source == null) {
			return;
		}
		try {
			long waiting = this.source.waitingMessages();
			this.last = new Sample(waiting, this.nanoTime.getAsLong());
			if (this.unreadable) {
				this.unreadable = false;
				log.info("Backpressure applies again: the backlog of {} is readable ({} messages)",
						this.source.describe(), waiting);
			}
		}
		catch (RuntimeException ex) {
			this.last = null;
			if (!this.unreadable) {
				this.unreadable = true;
				log.warn("Backpressure is not applied: could not read the backlog of {} ({}); batches are accepted "
						+ "until it can be read", this.source.describe(), ex.toString());
			}
		}
	}

	/**
	 * Lets a batch in, or refuses it.
	 *
	 * @throws BacklogTooLargeException while the last fresh sample is over the limit
	 */
	public void admit() {
		Sample sample = this.last;
		if (sample == null || sample.waiting() <= this.maxBacklog) {
			return;
		}
		if (this.nanoTime.getAsLong() - sample.takenAtNanos() > this.staleAfterNanos) {
			if (!this.stale) {
				this.stale = true;
				log.warn("Backpressure is not applied: the last backlog reading ({} messages) is older than {} ms; "
						+ "batches are accepted until a new one comes", sample.waiting(), this.staleAfterNanos / 1_000_000);
			}
			return;
		}
		this.stale = false;
		this.refused.increment();
		throw new BacklogTooLargeException(sample.waiting(), this.maxBacklog, this.retryAfter);
	}

	State state() {
		Sample sample = this.last;
		boolean fresh = sample != null && this.nanoTime.getAsLong() - sample.takenAtNanos() <= this.staleAfterNanos;
		return new State(this.source != null, (this.source != null) ? this.source.describe() : "",
				(sample != null) ? sample.waiting() : null, this.maxBacklog,
				fresh && sample.waiting() > this.maxBacklog);
	}

	/** Releases the backlog source's client (Spring calls it when the context closes). */
	@Override
	public void close() {
		if (this.source != null) {
			this.source.close();
		}
	}

	private double backlogGauge() {
		Sample sample = this.last;
		return (sample != null) ? sample.waiting() : Double.NaN;
	}

}
