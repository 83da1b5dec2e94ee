package io.tributary.contract.pipeline;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The window declaration of a pipeline.
 *
 * @param size            window length (tumbling, hopping)
 * @param slide           hop between window starts (hopping only)
 * @param gap             inactivity gap that ends a session (session only)
 * @param allowedLateness how long after the watermark passes a window's end late events still
 *                        update it
 */
public record WindowSpec(Type type, @Nullable Duration size, @Nullable Duration slide, @Nullable Duration gap,
		Duration allowedLateness) {

	/** @throws IllegalArgumentException when the lateness is negative or beyond 64-bit milliseconds */
	public WindowSpec {
		PipelineDefinition.requireMillis(allowedLateness, "allowed-lateness");
	}

	public enum Type {

		TUMBLING, HOPPING, SESSION

	}

}
