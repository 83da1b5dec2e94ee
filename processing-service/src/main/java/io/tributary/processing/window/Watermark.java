package io.tributary.processing.window;

import java.time.Instant;

import io.tributary.contract.pipeline.WatermarkSpec;
import org.jspecify.annotations.Nullable;

import static io.tributary.processing.time.TimeArithmetic.minus;
import static io.tributary.processing.time.TimeArithmetic.plus;

/**
 * The event-time watermark of one pipeline in one partition: it trails the largest event time of
 * the pipeline's stream (the partition's own events and the stream times the route stage sends) by
 * {@code max-out-of-orderness} and, after {@code idle-timeout} without arrivals, moves with the wall
 * clock from where the data left it, so that a quiet stream still closes its windows — but only as
 * far as the stream's sources vouch that nothing older is still on its way (their progress markers,
 * {@link SourceProgress}): silence alone may be an outage. It never goes back.
 */
final class Watermark {

	private final long maxOutOfOrderness;

	private final long idleTimeout;

	private long maxEventTime = PipelineOperator.NONE;

	private long current = PipelineOperator.NONE;

	/** Wall-clock time of the latest arrival; not persisted (the idle clock restarts with the process). */
	private long lastArrival = PipelineOperator.NONE;

	/** Moved (or its largest event time did) since the last checkpoint. */
	private boolean changed;

	Watermark(long maxOutOfOrderness, long idleTimeout) {
		this.maxOutOfOrderness = maxOutOfOrderness;
		this.idleTimeout = idleTimeout;
	}

	/** The watermark in epoch milliseconds, {@link PipelineOperator#NONE} before the first event. */
	long current() {
		return this.current;
	}

	long maxEventTime() {
		return this.maxEventTime;
	}

	@Nullable Instant asInstant() {
		return (this.current == PipelineOperator.NONE) ? null : Instant.ofEpochMilli(this.current);
	}

	/** An event arrived at wall-clock {@code now}: the idle clock starts again. */
	void arrived(long now) {
		this.lastArrival = now;
	}

	/** @return whether the watermark rose */
	boolean observe(long eventTime) {
		if (eventTime <= this.maxEventTime) {
			return false;
		}
		this.maxEventTime = eventTime;
		this.changed = true;
		return raise(minus(eventTime, this.maxOutOfOrderness));
	}

	/**
	 * After {@code idle-timeout} without arrivals the watermark is where the data left it plus the
	 * idle time, counted up to {@code quietUntil} (the sources' evidence that nothing older is on its
	 * way), never beyond {@code now}.
	 * @param quietUntil {@link PipelineOperator#NONE} when there is no evidence: nothing moves
	 * @param vouchedSince since when the evidence has been continuous: idle time counts from no
	 * earlier ({@link PipelineOperator#NONE}: always)
	 * @return whether the watermark rose
	 */
	boolean advanceIfIdle(long now, long quietUntil, long vouchedSince) {
		if (this.maxEventTime == PipelineOperator.NONE || this.lastArrival == PipelineOperator.NONE
				|| quietUntil == PipelineOperator.NONE) {
			return false;
		}
		long idle = minus(Math.min(now, quietUntil), Math.max(this.lastArrival, vouchedSince));
		if (idle < this.idleTimeout) {
			return false;
		}
		return raise(plus(minus(this.maxEventTime, this.maxOutOfOrderness), idle));
	}

	private boolean raise(long candidate) {
		if (candidate > this.current) {
			this.current = candidate;
			this.changed = true;
			return true;
		}
		return false;
	}

	/** Input could not be delivered until {@code now}: the idle clock did not run meanwhile. */
	void inputStalled(long now) {
		if (this.lastArrival != PipelineOperator.NONE) {
			this.lastArrival = Math.max(this.lastArrival, now);
		}
	}

	/** Continues from a checkpoint; the idle clock starts at {@link #arrived}. */
	void restore(long maxEventTime, long watermark) {
		this.maxEventTime = maxEventTime;
		this.current = watermark;
	}

	/** Whether it moved since the last call. */
	boolean takeChanged() {
		boolean changed = this.changed;
		this.changed = false;
		return changed;
	}

}
