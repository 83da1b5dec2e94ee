package io.tributary.processing.window;

import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.processing.time.TimeArithmetic;

/**
 * When a window's result goes out, from the pipeline's {@code emit} declaration: what each point of a
 * window's life (a change, firing, purging, the final flush, the interim timer) emits, and the interim
 * timer itself, whose next time is persisted with the watermark.
 */
final class EmitPolicy {

	/** Interim emission period; 0 for none. */
	private final long every;

	private final boolean onFinal;

	private long nextEmitAt = PipelineOperator.NONE;

	/** The timer moved since the last checkpoint. */
	private boolean timerChanged;

	EmitPolicy(EmitSpec spec) {
		this.every = (spec.every() != null) ? TimeArithmetic.millis(spec.every()) : 0;
		this.onFinal = spec.onFinal();
	}

	/** A change of content: queued for the final flush (FINAL), for the interim timer (INTERIM), or not at all. */
	EmitDecision onChange(WindowState state) {
		if (state.fired && this.onFinal) {
			return EmitDecision.FINAL;
		}
		return (this.every > 0) ? EmitDecision.INTERIM : EmitDecision.NONE;
	}

	/** The watermark reached the window's end. */
	EmitDecision onFire(WindowState state) {
		if (this.onFinal) {
			return EmitDecision.FINAL;
		}
		return state.changed ? EmitDecision.INTERIM : EmitDecision.NONE;
	}

	/** The window is about to go: late changes not emitted yet go out first. */
	EmitDecision onPurge(WindowState state) {
		if (!state.changed) {
			return EmitDecision.NONE;
		}
		return this.onFinal ? EmitDecision.FINAL : EmitDecision.INTERIM;
	}

	/** A window queued for the final flush: a session that grew past the watermark since is open again. */
	EmitDecision onFinalFlush(WindowState state) {
		return (!state.purged && state.changed && state.fired) ? EmitDecision.FINAL : EmitDecision.NONE;
	}

	/** A window queued for the interim timer, when the timer is due. */
	EmitDecision onInterimTimer(WindowState state) {
		return (!state.purged && state.changed && !(state.fired && this.onFinal)) ? EmitDecision.INTERIM
				: EmitDecision.NONE;
	}

	boolean interimDue(long now) {
		return this.every > 0 && now >= this.nextEmitAt;
	}

	/** The timer only restarts on an emission, so the first change after a quiet spell goes out at once. */
	void interimEmitted(long now) {
		this.nextEmitAt = TimeArithmetic.plus(now, this.every);
		this.timerChanged = true;
	}

	long nextEmitAt() {
		return this.nextEmitAt;
	}

	void restore(long nextEmitAt) {
		this.nextEmitAt = nextEmitAt;
	}

	/** Whether the timer moved since the last call. */
	boolean takeChanged() {
		boolean changed = this.timerChanged;
		this.timerChanged = false;
		return changed;
	}

}
