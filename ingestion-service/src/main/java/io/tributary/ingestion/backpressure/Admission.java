package io.tributary.ingestion.backpressure;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a new HTTP batch may join the pipeline. First by time: not while the accept lag
 * processing reports (how long accepted events waited before a window stage applied them) is over
 * {@code maxDelay}; once refusing, not until it is below half of that, so admission does not flap
 * around the limit. Then, as a backstop for when processing reports nothing (stopped, or cut off
 * from Redis), by messages: not while the backlog is over {@code maxBacklog}. Both are sampled in
 * the background ({@link #sample}); a request only reads the last sample. When a source cannot be
 * read, or the last sample is older than {@code staleAfter}, its limit does not refuse (fail open)
 * and a WARN says so: an unreadable depth must not refuse every request.
 */
public final class Admission implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Admission.class);

	/** Why batches are refused: the problem's {@code reason} and the refusal counter's tag. */
	enum Reason {

		/** The accept lag is over {@code maxDelay}. */
		LAG,

		/** The backlog is over {@code maxBacklog}. */
		BACKLOG;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The limits.
	 *
	 * @param maxBacklog most messages waiting downstream at which batches are still accepted
	 * @param maxDelay   longest accept lag at which batches are still accepted; once over it, batches are
	 *                   refused until it is below half of it
	 * @param staleAfter how old the last sample may be and still refuse a batch
	 * @param retryAfter what a refused client is told to wait
	 */
	record Limits(long maxBacklog, Duration maxDelay, Duration staleAfter, Duration retryAfter) {
	}

	/** What the health endpoint shows. */
	record State(boolean enabled, String watched, @Nullable Long backlog, long maxBacklog, @Nullable Long acceptLagMillis,
			long maxDelayMillis, @Nullable Reason refusing) {
	}

	private record Sample(long waiting, long takenAtNanos) {
	}

	/** A lag reading and whether it refuses: over the limit, or between half of it and it after one that did. */
	private record LagSample(long lagMillis, boolean over, long takenAtNanos) {
	}

	private final @Nullable BacklogSource source;

	private final @Nullable AcceptLagSource lagSource;

	private final long maxBacklog;

	private final long maxDelayMillis;

	private final long staleAfterNanos;

	private final Duration retryAfter;

	private final LongSupplier nanoTime;

	private final Counter refusedForBacklog;

	private final Counter refusedForLag;

	private volatile @Nullable Sample last;

	private volatile @Nullable LagSample lastLag;

	private volatile boolean unreadable;

	private volatile boolean lagUnreadable;

	private volatile boolean stale;

	/**
	 * @param source    where the backlog is read, or null when admission control is off
	 * @param lagSource where the accept lag is read, or null when admission control is off
	 * @param nanoTime  the clock samples are timed by ({@link System#nanoTime} outside tests)
	 */
	Admission(@Nullable BacklogSource source, @Nullable AcceptLagSource lagSource, Limits limits,
			LongSupplier nanoTime, MeterRegistry meters) {
		this.source = source;
		this.lagSource = lagSource;
		this.maxBacklog = limits.maxBacklog();
		this.maxDelayMillis = limits.maxDelay().toMillis();
		this.staleAfterNanos = limits.staleAfter().toNanos();
		this.retryAfter = limits.retryAfter();
		this.nanoTime = nanoTime;
		this.refusedForBacklog = refusals(meters, Reason.BACKLOG);
		this.refusedForLag = refusals(meters, Reason.LAG);
		Gauge.builder("tributary.ingestion.backlog", this, Admission::backlogGauge)
			.description("Messages waiting in the queues downstream of ingestion at the last sample (NaN: unknown)")
			.register(meters);
		TimeGauge.builder("tributary.ingestion.accept.lag", this, TimeUnit.MILLISECONDS, Admission::lagGauge)
			.description("The largest accept lag processing reported at the last sample: how long accepted events "
					+ "waited before a window stage applied them (NaN: unknown)")
			.register(meters);
	}

	private static Counter refusals(MeterRegistry meters, Reason reason) {
		return Counter.builder("tributary.ingestion.refused")
			.description("HTTP event batches refused before they were read, by reason")
			.tag("reason", reason.tag())
			.register(meters);
	}

	/** Reads the accept lag and the backlog once; called by a background loop. */
	void sample() {
		sampleLag();
		sampleBacklog();
	}

	private void sampleLag() {
		if (this.lagSource == null) {
			return;
		}
		try {
			OptionalLong lag = this.lagSource.largestFreshLagMillis();
			LagSample previous = this.lastLag;
			if (lag.isEmpty()) {
				this.lastLag = null;
			}
			else {
				long millis = lag.getAsLong();
				boolean wasOver = previous != null && previous.over();
				boolean over = millis > this.maxDelayMillis || (wasOver && millis >= this.maxDelayMillis / 2);
				this.lastLag = new LagSample(millis, over, this.nanoTime.getAsLong());
			}
			if (this.lagUnreadable) {
				this.lagUnreadable = false;
				log.info("Backpressure by accept lag applies again: processing's reports are readable");
			}
		}
		catch (RuntimeException ex) {
			this.lastLag = null;
			if (!this.lagUnreadable) {
				this.lagUnreadable = true;
				log.warn("Backpressure by accept lag is not applied: could not read processing's reports from Redis "
						+ "({}); only the backlog limit applies until they can be read", ex.toString());
			}
		}
	}

	private void sampleBacklog() {
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
	 * @throws AcceptLagTooLongException while the last fresh lag sample refuses
	 * @throws BacklogTooLargeException  while the last fresh backlog sample is over the limit
	 */
	public void admit() {
		LagSample lag = this.lastLag;
		if (lag != null && lag.over() && isFresh(lag.takenAtNanos(), lag.lagMillis() + " ms of accept lag")) {
			this.refusedForLag.increment();
			throw new AcceptLagTooLongException(lag.lagMillis(), this.maxDelayMillis, this.retryAfter);
		}
		Sample sample = this.last;
		if (sample != null && sample.waiting() > this.maxBacklog
				&& isFresh(sample.takenAtNanos(), sample.waiting() + " messages")) {
			this.refusedForBacklog.increment();
			throw new BacklogTooLargeException(sample.waiting(), this.maxBacklog, this.retryAfter);
		}
	}

	/** Whether a sample that would refuse is recent enough to; WARNs once when it is not. */
	private boolean isFresh(long takenAtNanos, String reading) {
		if (this.nanoTime.getAsLong() - takenAtNanos > this.staleAfterNanos) {
			if (!this.stale) {
				this.stale = true;
				log.warn("Backpressure is not applied: the last reading ({}) is older than {} ms; batches are "
						+ "accepted until a new one comes", reading, this.staleAfterNanos / 1_000_000);
			}
			return false;
		}
		this.stale = false;
		return true;
	}

	State state() {
		long now = this.nanoTime.getAsLong();
		Sample sample = this.last;
		LagSample lag = this.lastLag;
		Reason refusing = null;
		if (lag != null && lag.over() && now - lag.takenAtNanos() <= this.staleAfterNanos) {
			refusing = Reason.LAG;
		}
		else if (sample != null && sample.waiting() > this.maxBacklog
				&& now - sample.takenAtNanos() <= this.staleAfterNanos) {
			refusing = Reason.BACKLOG;
		}
		return new State(this.source != null, (this.source != null) ? this.source.describe() : "",
				(sample != null) ? sample.waiting() : null, this.maxBacklog, (lag != null) ? lag.lagMillis() : null,
				this.maxDelayMillis, refusing);
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

	private double lagGauge() {
		LagSample lag = this.lastLag;
		return (lag != null) ? lag.lagMillis() : Double.NaN;
	}

}
