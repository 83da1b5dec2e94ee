package io.tributary.contract;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Marks an {@link Event} that an operator re-submitted from a dead letter: only the pipeline that
 * dead-lettered it takes it again (the others already counted it, or filtered it out).
 *
 * @param pipeline  the pipeline that dead-lettered the event; null for a dead letter of no pipeline
 *                  (an event time too far ahead), which every pipeline reading the stream takes
 * @param redrivenAt when the redrive started
 */
public record Redrive(@Nullable String pipeline, Instant redrivenAt) {

	/** Whether the event goes to the named pipeline. */
	public boolean isFor(String name) {
		return this.pipeline == null || this.pipeline.equals(name);
	}

}
