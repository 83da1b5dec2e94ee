package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * A pipeline's {@code first-seen}: how long a value of its key stays "seen" ({@code horizon}, event
 * time), the target false-positive rate of a membership answer and how many distinct values one
 * horizon is expected to hold, from which its Bloom filters are sized. Required when the pipeline's
 * {@code filter} or {@code let} uses {@code first-seen(field)}.
 *
 * @param horizon           how long, in event time, a value stays seen after its last appearance (at
 *                          least this long, at most a quarter longer: see {@link #GENERATIONS})
 * @param falsePositiveRate the target probability that a value never seen within the horizon is taken
 *                          for seen (a Bloom filter has no false negatives)
 * @param expectedValues    the distinct values one partition is expected to hold within one horizon (each
 *                          partition sizes its filters for this many: the file does not know how many
 *                          partitions share a pipeline's keys)
 * @param location          where in the pipeline file it is declared
 */
public record FirstSeenSpec(Duration horizon, double falsePositiveRate, long expectedValues, String location) {

	/**
	 * How many generations a horizon is cut into: each Bloom filter covers a quarter
	 * of the horizon of event time, so a value is remembered for between one horizon and 1.25 horizons.
	 */
	public static final int GENERATIONS = 4;

	public static final double DEFAULT_FALSE_POSITIVE_RATE = 0.001;

	public static final long DEFAULT_EXPECTED_VALUES = 1_000_000;

	public static final double MIN_FALSE_POSITIVE_RATE = 1e-6;

	public static final double MAX_FALSE_POSITIVE_RATE = 0.1;

	public static final long MAX_EXPECTED_VALUES = 100_000_000;

	public static final Duration MIN_HORIZON = Duration.ofSeconds(4);

	/** @throws IllegalArgumentException when a setting is out of its range */
	public FirstSeenSpec {
		Objects.requireNonNull(horizon, "horizon");
		if (horizon.compareTo(MIN_HORIZON) < 0) {
			throw new IllegalArgumentException("horizon must be at least " + Durations.format(MIN_HORIZON)
					+ ", got " + horizon);
		}
		PipelineDefinition.requireMillis(horizon, "horizon");
		if (!(falsePositiveRate >= MIN_FALSE_POSITIVE_RATE && falsePositiveRate <= MAX_FALSE_POSITIVE_RATE)) {
			throw new IllegalArgumentException("false-positive-rate must be from " + MIN_FALSE_POSITIVE_RATE + " to "
					+ MAX_FALSE_POSITIVE_RATE + ", got " + falsePositiveRate);
		}
		if (expectedValues < 1 || expectedValues > MAX_EXPECTED_VALUES) {
			throw new IllegalArgumentException("expected-values must be from 1 to " + MAX_EXPECTED_VALUES + ", got "
					+ expectedValues);
		}
	}

	/** The event time one generation (one Bloom filter) covers, in milliseconds. */
	public long generationMillis() {
		return Math.max(1, this.horizon.toMillis() / GENERATIONS);
	}

}
