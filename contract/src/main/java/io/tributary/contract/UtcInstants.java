package io.tributary.contract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * Reads the shape of ISO-8601 instant that the wire format writes and nearly every publisher sends,
 * {@code 2024-05-01T12:00:00Z} with an optional fraction of one to nine digits, directly: in a few
 * dozen nanoseconds where {@link Instant#parse} takes about a microsecond. Any other shape (an offset
 * other than Z, hour 24, a leap second, another length of year, a day the month lacks) is left to
 * the caller's {@link Instant#parse}, so what is accepted, and as which instant, does not change.
 */
public final class UtcInstants {

	private static final int[] SCALE = { 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1 };

	private UtcInstants() {
	}

	/**
	 * The instant of a {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} string with a four-digit year, or null
	 * when the string has another shape or names no valid date and time. Where it returns an instant
	 * it is the one {@link Instant#parse} returns.
	 */
	public static @Nullable Instant parse(String s) {
		int n = s.length();
		if (n < 20 || n == 21 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
				|| s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
			return null;
		}
		int year = digits(s, 0, 4);
		int month = digits(s, 5, 2);
		int day = digits(s, 8, 2);
		int hour = digits(s, 11, 2);
		int minute = digits(s, 14, 2);
		int second = digits(s, 17, 2);
		if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
			return null;
		}
		int nanos = 0;
		if (n > 20) {
			int fractionDigits = n - 21;
			int fraction = digits(s, 20, fractionDigits);
			if (s.charAt(19) != '.' || fraction < 0) {
				return null;
			}
			nanos = fraction * SCALE[fractionDigits - 1];
		}
		long epochDay;
		try {
			epochDay = LocalDate.of(year, month, day).toEpochDay();
		}
		catch (DateTimeException ex) {
			return null;
		}
		return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
	}

	/** The value of {@code length} decimal digits from {@code from}, or -1 if any is not a digit. */
	private static int digits(String s, int from, int length) {
		int value = 0;
		for (int i = from; i < from + length; i++) {
			int d = s.charAt(i) - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			value = value * 10 + d;
		}
		return value;
	}

}
