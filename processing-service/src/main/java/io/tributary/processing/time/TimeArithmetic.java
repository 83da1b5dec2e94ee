package io.tributary.processing.time;

import java.time.Duration;
import java.time.Instant;

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

	/**
	 * An instant in epoch milliseconds (rounded down, as {@link Instant#toEpochMilli}), held at the end
	 * of the range it does not fit in: an event time read from the wire may be any instant up to the
	 * year 1,000,000,000, where {@link Instant#toEpochMilli} throws.
	 */
	public static long epochMillis(Instant instant) {
		try {
			return instant.toEpochMilli();
		}
		catch (ArithmeticException ex) {
			return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
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
