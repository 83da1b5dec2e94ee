package io.tributary.processing.stream;

import java.time.Duration;

/**
 * How deliveries are committed together by {@link WindowStage#accept}: when a partition's checkpoint
 * is due although it has no output to publish.
 *
 * @param interval    how long a partition's oldest uncommitted delivery waits at most for its
 *                    checkpoint (ticks commit too)
 * @param maxMessages unacknowledged messages at which every delivery commits at once: below the
 *                    consumer's prefetch, which stops deliveries when reached
 */
public record GroupCommit(Duration interval, int maxMessages) {

	/** Every delivery commits at once. */
	public static final GroupCommit NONE = new GroupCommit(Duration.ZERO, 0);

	/**
	 * @param oldestAgeNanos how long the partition's oldest uncommitted delivery has waited
	 * @param unacknowledged messages delivered and not yet acknowledged, stage-wide
	 */
	boolean due(long oldestAgeNanos, int unacknowledged) {
		return oldestAgeNanos >= this.interval.toNanos() || unacknowledged >= this.maxMessages;
	}

}
