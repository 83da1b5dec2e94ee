package io.tributary.processing.forecast;

/**
 * One key's model with what the tracker needs around it: the end of the last window learned, the
 * offset of window starts within a slide, and whether a checkpoint has stored it.
 */
final class KeyModel {

	final SmoothingModel model;

	/** Window starts modulo the slide: window number {@code i} starts at {@code i * slide + startOffset}. */
	final long startOffset;

	long lastWindowEnd = Long.MIN_VALUE;

	/** Written by a checkpoint, so dropping it must delete it. */
	boolean persisted;

	KeyModel(SmoothingModel model, long startOffset) {
		this.model = model;
		this.startOffset = startOffset;
	}

}
