package io.tributary.contract;

import java.time.Instant;
import java.time.LocalDate;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes the instants of the wire format quickly: the counterpart of {@link WireInstants}. Every
 * event is written with two, and every keyed event with two, and Jackson's own writer formats
 * them with {@link java.time.format.DateTimeFormatter#ISO_INSTANT}, a third of encoding a keyed
 * batch (docs/benchmarks.md, "Smile on the internal hops"). The text is the same as
 * {@link Instant#toString}: {@code yyyy-MM-ddTHH:mm:ssZ}, with a fraction of 3, 6 or 9 digits when
 * there are nanoseconds; outside the years 0000 to 9999 it is {@link Instant#toString} itself.
 */
final class WireInstantWriter extends StdSerializer<Instant> {

	/** 0000-01-01T00:00:00Z. */
	private static final long FIRST_SECOND = -62_167_219_200L;

	/** 9999-12-31T23:59:59Z. */
	private static final long LAST_SECOND = 253_402_300_799L;

	/** The longest text {@link #format(Instant, char[])} writes: {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
	static final int MAX_LENGTH = 30;

	WireInstantWriter() {
		super(Instant.class);
	}

	@Override
	public void serialize(Instant value, JsonGenerator g, SerializationContext ctxt) {
		g.writeString(format(value));
	}

	/** The instant as {@link Instant#toString} writes it. */
	static String format(Instant instant) {
		char[] c = new char[MAX_LENGTH];
		int length = format(instant, c);
		return (length < 0) ? instant.toString() : new String(c, 0, length);
	}

	/**
	 * Writes the instant as {@link Instant#toString} does into {@code c} (at least
	 * {@link #MAX_LENGTH} long), for a writer that hands the characters on without making a string.
	 * @return how many characters it wrote, or -1 for an instant outside the years 0000 to 9999
	 */
	static int format(Instant instant, char[] c) {
		long seconds = instant.getEpochSecond();
		if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
			return -1;
		}
		LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
		int secondOfDay = (int) Math.floorMod(seconds, 86_400);
		int nano = instant.getNano();
		int fractionDigits = (nano == 0) ? 0 : (nano % 1_000_000 == 0) ? 3 : (nano % 1_000 == 0) ? 6 : 9;
		digits(c, 0, date.getYear(), 4);
		c[4] = '-';
		digits(c, 5, date.getMonthValue(), 2);
		c[7] = '-';
		digits(c, 8, date.getDayOfMonth(), 2);
		c[10] = 'T';
		digits(c, 11, secondOfDay / 3_600, 2);
		c[13] = ':';
		digits(c, 14, secondOfDay / 60 % 60, 2);
		c[16] = ':';
		digits(c, 17, secondOfDay % 60, 2);
		int at = 19;
		if (fractionDigits > 0) {
			c[at++] = '.';
			digits(c, at, nano / pow10(9 - fractionDigits), fractionDigits);
			at += fractionDigits;
		}
		c[at] = 'Z';
		return at + 1;
	}

	private static int pow10(int n) {
		return switch (n) {
			case 0 -> 1;
			case 3 -> 1_000;
			default -> 1_000_000;
		};
	}

	/** Writes {@code value} as {@code count} decimal digits, zero-padded, from {@code at}. */
	private static void digits(char[] c, int at, int value, int count) {
		for (int i = at + count - 1; i >= at; i--) {
			c[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

}
