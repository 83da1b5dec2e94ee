package io.tributary.query.pipeline;

import java.time.Duration;

/**
 * Writes durations the way the pipeline file lets users write them ({@code 10s}, {@code 7d}), the
 * inverse of the contract's {@code Durations.parse}: the largest unit that divides the duration
 * exactly, so nothing is rounded. Durations that have no such form fall back to ISO-8601.
 */
final class HumanDurations {

	private static final long MS_PER_SECOND = 1000;

	private static final long MS_PER_MINUTE = 60 * MS_PER_SECOND;

	private static final long MS_PER_HOUR = 60 * MS_PER_MINUTE;

	private static final long MS_PER_DAY = 24 * MS_PER_HOUR;

	private HumanDurations() {
	}

	static String format(Duration duration) {
		if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
			return duration.toString();
		}
		long millis;
		try {
			millis = duration.toMillis();
		}
		catch (ArithmeticException ex) {
			return duration.toString();
		}
		if (millis == 0) {
			return "0s";
		}
		if (millis % MS_PER_DAY == 0) {
			return millis / MS_PER_DAY + "d";
		}
		if (millis % MS_PER_HOUR == 0) {
			return millis / MS_PER_HOUR + "h";
		}
		if (millis % MS_PER_MINUTE == 0) {
			return millis / MS_PER_MINUTE + "m";
		}
		if (millis % MS_PER_SECOND == 0) {
			return millis / MS_PER_SECOND + "s";
		}
		return millis + "ms";
	}

}
