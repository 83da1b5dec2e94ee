package io.tributary.contract.pipeline;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as users write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, or
 * ISO-8601; and writes them back the same way for messages.
 */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

	private Durations() {
	}

	/** @throws IllegalArgumentException with a user-facing reason */
	public static Duration parse(String text) {
		String trimmed = text.trim();
		Matcher m = SIMPLE.matcher(trimmed);
		if (m.matches()) {
			try {
				long amount = Long.parseLong(m.group(1));
				return switch (m.group(2)) {
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofDays(amount);
				};
			}
			catch (ArithmeticException | NumberFormatException ex) {
				throw new IllegalArgumentException("'" + text + "' is too long a duration");
			}
		}
		if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
			try {
				return Duration.parse(trimmed);
			}
			catch (DateTimeParseException ex) {
				// fall through to the common message
			}
		}
		throw new IllegalArgumentException(
				"'" + text + "' is not a duration; write e.g. 250ms, 10s, 5m, 2h, 7d (or ISO-8601 like PT10S)");
	}

	/**
	 * The duration as a user would write it in a pipeline file: the largest unit that divides it
	 * ({@code 5m}, {@code 90s}, {@code 1500ms}); ISO-8601 when it has sub-millisecond parts or does
	 * not fit in milliseconds.
	 */
	public static String format(Duration duration) {
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
		if (millis % 86_400_000L == 0) {
			return millis / 86_400_000L + "d";
		}
		if (millis % 3_600_000L == 0) {
			return millis / 3_600_000L + "h";
		}
		if (millis % 60_000L == 0) {
			return millis / 60_000L + "m";
		}
		if (millis % 1_000L == 0) {
			return millis / 1_000L + "s";
		}
		return millis + "ms";
	}

}
