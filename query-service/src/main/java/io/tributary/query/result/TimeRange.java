package io.tributary.query.result;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import io.tributary.query.web.InvalidParameterException;
import org.jspecify.annotations.Nullable;

/**
 * The half-open range {@code [from, to)} of window starts a results query asks for, as inclusive
 * epoch-millisecond bounds (window starts are whole milliseconds, so {@code start < to} is
 * {@code start <= to - 1}).
 * <p>
 * Bounds are kept within +/- 2^53 ms (about 285,000 years) so that they are exact as the double
 * scores Redis sorted sets use.
 */
record TimeRange(long fromInclusive, long toInclusive) {

	/** The largest magnitude of a bound: every long up to it is exact as a double. */
	static final long LIMIT = (1L << 53) - 1;

	private static final Pattern EPOCH_MILLIS = Pattern.compile("[+-]?\\d+");

	/** Parses the optional {@code from} and {@code to} parameters; an absent bound is open. */
	static TimeRange parse(@Nullable String from, @Nullable String to) {
		long fromMillis = from == null ? -LIMIT : millis("from", from);
		long toMillis = to == null ? LIMIT + 1 : millis("to", to);
		if (from != null && to != null && fromMillis >= toMillis) {
			throw new InvalidParameterException("from",
					"must be before 'to' (the range is [from, to)), got from=" + from + " and to=" + to);
		}
		return new TimeRange(fromMillis, toMillis - 1);
	}

	/**
	 * An ISO-8601 instant or epoch milliseconds. A fractional millisecond rounds up: the window starts
	 * (whole milliseconds) at or after 00:00:00.0005 are those at or after 00:00:00.001, and those
	 * before it are those before 00:00:00.001.
	 */
	static long millis(String parameter, String text) {
		String trimmed = text.trim();
		long millis;
		if (EPOCH_MILLIS.matcher(trimmed).matches()) {
			try {
				millis = Long.parseLong(trimmed);
			}
			catch (NumberFormatException ex) {
				throw outOfRange(parameter, text);
			}
		}
		else {
			Instant instant;
			try {
				instant = Instant.parse(trimmed);
			}
			catch (DateTimeParseException ex) {
				throw new InvalidParameterException(parameter, "must be an ISO-8601 instant such as "
						+ "2024-05-01T12:00:00Z or epoch milliseconds, got '" + text + "'");
			}
			Instant truncated = instant.truncatedTo(ChronoUnit.MILLIS);
			try {
				millis = truncated.toEpochMilli();
			}
			catch (ArithmeticException ex) {
				throw outOfRange(parameter, text);
			}
			if (!truncated.equals(instant)) {
				millis++;
			}
		}
		if (Math.abs(millis) > LIMIT) {
			throw outOfRange(parameter, text);
		}
		return millis;
	}

	/** The part of this range after a window start already served. */
	TimeRange after(long windowStart) {
		return new TimeRange(Math.max(this.fromInclusive, windowStart + 1), this.toInclusive);
	}

	boolean isEmpty() {
		return this.fromInclusive > this.toInclusive;
	}

	private static InvalidParameterException outOfRange(String parameter, String text) {
		return new InvalidParameterException(parameter, "is out of range (at most " + LIMIT
				+ " milliseconds from 1970-01-01T00:00:00Z), got '" + text + "'");
	}

}
