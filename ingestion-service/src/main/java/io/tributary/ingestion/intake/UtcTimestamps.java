package io.tributary.ingestion.intake;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * Reads the form of ISO-8601 instant nearly every publisher sends, {@code 2024-05-01T12:00:00Z} with
 * an optional fraction of one to nine digits ({@code 2024-05-01T12:00:00.123Z}), in a few dozen
 * nanoseconds where {@link Instant#parse} takes about a microsecond. Anything else (an offset other
 * than Z, hour 24, a leap second, another length of year, a day the month lacks) is not read here:
 * the caller's {@link Instant#parse} decides it, so what is accepted, and as which instant, is
 * exactly what {@link Instant#parse} gives.
 */
final class UtcTimestamps {

	private static final int SHORTEST = "2024-05-01T12:00:00Z".length();

	private static final int SECONDS_PER_DAY = 86_400;

	private UtcTimestamps() {
	}

	/** The instant, or null when the text is not in the common form (which does not make it invalid). */
	static @Nullable Instant parse(String text) {
		int length = text.length();
		if (length < SHORTEST || length == SHORTEST + 1 || length > SHORTEST + 10 || text.charAt(length - 1) != 'Z'
				|| text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
				|| text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59) {
			return null;
		}
		int nanos = 0;
		if (length > SHORTEST) {
			if (text.charAt(19) != '.') {
				return null;
			}
			int fractionDigits = length - SHORTEST - 1;
			int fraction = digits(text, 20, fractionDigits);
			if (fraction < 0) {
				return null;
			}
			nanos = fraction;
			for (int i = fractionDigits; i < 9; i++) {
				nanos *= 10;
			}
		}
		if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
			return null;
		}
		long epochDay = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
	}

	/** The ASCII digits at {@code from}, {@code count} of them (at most nine), or -1 if any is not one. */
	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
