package io.tributary.ingestion.intake;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.tributary.contract.UtcInstants;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads an event time from a time-field value: an ISO-8601 date-time with an offset (a string), or
 * epoch milliseconds (an integer, or a string of digits). Times outside years 0001 to 9999 are
 * rejected, so that window arithmetic downstream cannot overflow.
 */
final class EventTimes {

	static final long MIN_EPOCH_MILLIS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();

	static final long MAX_EPOCH_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

	private EventTimes() {
	}

	/** The time, or a {@link DateTimeException} saying why the value is not one. */
	static Instant parse(JsonNode value, String field) {
		if (value.isIntegralNumber()) {
			return fromEpochMillis(value.bigIntegerValue(), field);
		}
		if (value.isString()) {
			String text = value.stringValue().trim();
			if (isDigits(text)) {
				return fromEpochMillis(new BigInteger(text), field);
			}
			Instant instant = parseIso(text);
			if (instant == null) {
				throw new DateTimeException("time field '" + field + "': '" + abbreviate(text)
						+ "' is neither an ISO-8601 date-time with an offset (e.g. 2024-05-01T12:00:00Z) nor epoch milliseconds");
			}
			return checkRange(instant, field);
		}
		throw new DateTimeException("time field '" + field + "' must be an ISO-8601 string or integer epoch "
				+ "milliseconds, not " + Json.describe(value));
	}

	/** Whether the text is not empty and every character a digit (in any script, as BigInteger reads). */
	private static boolean isDigits(String text) {
		if (text.isEmpty()) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (!Character.isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable Instant parseIso(String text) {
		Instant common = UtcInstants.parse(text);
		if (common != null) {
			return common;
		}
		try {
			// Instant.parse accepts any offset (2024-05-01T14:00:00+02:00), not only Z.
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Instant fromEpochMillis(BigInteger millis, String field) {
		if (millis.compareTo(BigInteger.valueOf(MIN_EPOCH_MILLIS)) < 0
				|| millis.compareTo(BigInteger.valueOf(MAX_EPOCH_MILLIS)) > 0) {
			throw new DateTimeException("time field '" + field + "': epoch milliseconds " + millis
					+ " are outside years 0001 to 9999");
		}
		return Instant.ofEpochMilli(millis.longValueExact());
	}

	private static Instant checkRange(Instant instant, String field) {
		if (instant.toEpochMilli() < MIN_EPOCH_MILLIS || instant.toEpochMilli() > MAX_EPOCH_MILLIS) {
			throw new DateTimeException("time field '" + field + "': " + instant + " is outside years 0001 to 9999");
		}
		return instant;
	}

	private static String abbreviate(String text) {
		return text.length() <= 64 ? text : text.substring(0, 61) + "...";
	}

}
