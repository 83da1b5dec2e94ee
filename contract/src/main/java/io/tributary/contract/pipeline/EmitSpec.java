package io.tributary.contract.pipeline;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When results are emitted.
 *
 * @param every   interim (not final) results of open windows that changed, at most this often;
 *                null: none
 * @param onFinal a final result when the watermark passes the window's end (and a new revision for
 *                each late event within allowed lateness)
 */
public record EmitSpec(@Nullable Duration every, boolean onFinal) {

	/**
	 * @throws IllegalArgumentException when {@code every} is shorter than a millisecond (the engine's
	 * resolution) or beyond 64-bit milliseconds
	 */
	public EmitSpec {
		if (every != null && PipelineDefinition.requireMillis(every, "emit.every") == 0) {
			throw new IllegalArgumentException("emit.every must be at least 1ms, got " + every);
		}
	}

	public static final EmitSpec DEFAULT = new EmitSpec(null, true);

}
