package io.tributary.contract.pipeline;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as users write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, or ISO-8601. */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

	private Durations() {
	}

	/** @throws IllegalArgumentException with a user-facing reason */
	public static Duration parse(String text) {
		String trimmed = text.trim();
		Matcher m = SIMPLE.matcher(trimmed);
		if (m.matches()) {
			long amount = Long.parseLong(m.group(1));
			return switch (m.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
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

}
