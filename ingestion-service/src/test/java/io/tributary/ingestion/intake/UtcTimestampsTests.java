package io.tributary.ingestion.intake;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link UtcTimestamps} against the JDK's {@link Instant#parse}, the reference for what a time means. */
class UtcTimestampsTests {

	@Test
	void readsTheCommonFormAsInstantParseDoes() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 200_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
					random.nextInt(1_000_000_000));
			String text = DateTimeFormatter.ISO_INSTANT.format(instant);
			int digits = random.nextInt(10);
			// the same second written with 0 to 9 digits of its fraction
			String base = text.substring(0, 19);
			String fraction = String.format("%09d", instant.getNano()).substring(0, digits);
			String written = base + (digits == 0 ? "" : "." + fraction) + "Z";
			assertThat(UtcTimestamps.parse(written)).as(written).isNotNull().isEqualTo(Instant.parse(written));
		}
	}

	@Test
	void leavesEverythingElseToInstantParseAndNeverDisagreesWithIt() {
		List<String> odd = List.of("2024-05-01T24:00:00Z", "2024-12-31T23:59:60Z", "2024-02-30T00:00:00Z",
				"2023-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-05-01t12:00:00Z",
				"2024-05-01T12:00:00z", "2024-05-01T12:00:00+02:00", "2024-05-01T12:00:00.Z",
				"2024-05-01T12:00:00.1234567890Z", "+2024-05-01T12:00:00Z", "-0001-05-01T12:00:00Z",
				"12024-05-01T12:00:00Z", "2024-5-01T12:00:00Z", "2024-05-01T12:00Z", "2024-05-01 12:00:00Z",
				"2024-00-01T12:00:00Z", "2024-13-01T12:00:00Z", "2024-05-00T12:00:00Z", "2024-05-01T12:60:00Z",
				"2024-05-01T12:00:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
				"2024-05-01T12:00:00,5Z", "2024-05-01T12:00:00.5 Z", "２024-05-01T12:00:00Z", "");
		for (String text : odd) {
			agrees(text);
		}
		// and a great many near misses: the common form with one character changed
		SplittableRandom random = new SplittableRandom(7);
		String alphabet = "0123456789-:.TZtz+ ,٣";
		for (int i = 0; i < 200_000; i++) {
			char[] text = "2024-02-29T23:59:59.123456Z".toCharArray();
			int length = 20 + random.nextInt(8);
			char[] shortened = new char[length];
			System.arraycopy(text, 0, shortened, 0, length - 1);
			shortened[length - 1] = 'Z';
			shortened[random.nextInt(length)] = alphabet.charAt(random.nextInt(alphabet.length()));
			agrees(new String(shortened));
		}
	}

	/** Either both read the same instant, or this one leaves it to Instant.parse. */
	private static void agrees(String text) {
		Instant fast = UtcTimestamps.parse(text);
		if (fast != null) {
			assertThat(fast).as(text).isEqualTo(reference(text));
		}
	}

	private static @Nullable Instant reference(String text) {
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
