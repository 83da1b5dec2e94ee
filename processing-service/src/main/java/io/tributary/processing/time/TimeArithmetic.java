package io.tributary.processing.time;

import java.time.Duration;

/**
 * Saturating arithmetic on epoch milliseconds: event times and durations near the ends of the
 * {@code long} range stick at {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE} instead of wrapping,
 * so that a far-future event time or a huge lateness never turns a comparison around.
 */
public final class TimeArithmetic {

	private TimeArithmetic() {
	}

	/** {@code a + b}, held at the end of the range it would overflow. */
	public static long plus(long a, long b) {
		long r = a + b;
		return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
	}

	/** {@code a - b}, held at the end of the range it would overflow. */
	public static long minus(long a, long b) {
		long r = a - b;
		return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
	}

	/** A duration in milliseconds, held at {@link Long#MAX_VALUE} when it does not fit. */
	public static long millis(Duration duration) {
		try {
			return duration.toMillis();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

}
