package io.tributary.contract.pipeline;

import java.time.Duration;

/**
 * @param maxOutOfOrderness how far the watermark trails the largest event time seen
 * @param idleTimeout       after this long without events, the watermark advances with the clock
 */
public record WatermarkSpec(Duration maxOutOfOrderness, Duration idleTimeout) {

	/** @throws IllegalArgumentException when a duration is negative or beyond 64-bit milliseconds */
	public WatermarkSpec {
		PipelineDefinition.requireMillis(maxOutOfOrderness, "max-out-of-orderness");
		PipelineDefinition.requireMillis(idleTimeout, "idle-timeout");
	}

	public static final WatermarkSpec DEFAULT = new WatermarkSpec(Duration.ZERO, Duration.ofSeconds(10));

}
