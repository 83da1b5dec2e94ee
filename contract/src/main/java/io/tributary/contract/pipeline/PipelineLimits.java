package io.tributary.contract.pipeline;

/**
 * The limits a pipeline file is held to, in one place: the loader checks them and the code that runs
 * a pipeline relies on them.
 */
public final class PipelineLimits {

	/** The largest {@code k} of {@code top(field, k)}. */
	public static final int MAX_TOP_K = 1000;

	private PipelineLimits() {
	}

}
