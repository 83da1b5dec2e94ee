package io.tributary.contract;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The fast instant reader ({@link UtcInstants}) against {@link Instant#parse}, the reference it must equal. */
class WireInstantsTests {

	private static final long MIN = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

	private static final long MAX = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

	@Test
	void readsEveryFourDigitYearInstantWithAnyFractionAsInstantParseDoes() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 200_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(MIN, MAX + 1), random.nextInt(1_000_000_000));
			int fractionDigits = random.nextInt(10);
			String text = format(instant, fractionDigits);
			assertThat(UtcInstants.parse(text)).as(text).isNotNull().isEqualTo(Instant.parse(text));
		}
	}

	@Test
	void whatItReadsItReadsAsInstantParseDoesAndWhatItLeavesGoesThere() {
		List<String> texts = List.of("2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2024-04-31T00:00:00Z",
				"2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-05-00T00:00:00Z", "2024-05-01T24:00:00Z",
				"2024-05-01T23:60:00Z", "2024-05-01T23:59:60Z", "2024-05-01T12:00:00.Z", "2024-05-01T12:00:00.1234567890Z",
				"2024-05-01T12:00:00+01:00", "2024-05-01T12:00:00z", "2024-05-01 12:00:00Z", "+12024-05-01T12:00:00Z",
				"-0001-05-01T12:00:00Z", "2024-5-01T12:00:00Z", "2024-05-01T12:00Z", "2024-05-01T12:00:0xZ",
				"2024-05-01T12:00:00.12a4Z", "0000-01-01T00:00:00Z", "2024-05-01T12:00:00,5Z", "");
		for (String text : texts) {
			Instant fast = UtcInstants.parse(text);
			if (fast != null) {
				assertThat(fast).as(text).isEqualTo(Instant.parse(text));
			}
		}
		assertThat(UtcInstants.parse("2024-05-01T24:00:00Z")).isNull();
		assertThat(UtcInstants.parse("2023-02-29T12:00:00Z")).isNull();
		assertThat(UtcInstants.parse("2024-05-01T12:00:00+01:00")).isNull();
	}

	@Test
	void neverDisagreesWithInstantParseOnNearMisses() {
		// the common shape with one character changed, at every length from no fraction to nine digits
		SplittableRandom random = new SplittableRandom(7);
		String alphabet = "0123456789-:.TZtz+ ,\u0663\uFF12";
		for (int i = 0; i < 200_000; i++) {
			char[] text = "2024-02-29T23:59:59.123456789Z".toCharArray();
			int length = 20 + random.nextInt(11);
			char[] shortened = new char[length];
			System.arraycopy(text, 0, shortened, 0, length - 1);
			shortened[length - 1] = 'Z';
			shortened[random.nextInt(length)] = alphabet.charAt(random.nextInt(alphabet.length()));
			String candidate = new String(shortened);
			Instant fast = UtcInstants.parse(candidate);
			if (fast != null) {
				assertThat(fast).as(candidate).isEqualTo(Instant.parse(candidate));
			}
		}
	}

	@Test
	void theWireFormatReadsInstantsOfEveryShapeItReadBefore() {
		Event written = new Event("e-1", "i-1", "clicks", Instant.parse("2024-05-01T12:00:03.120Z"),
				Instant.ofEpochSecond(1_714_564_803L, 123_456_789), Map.of("a", 1L));
		assertThat(WireFormat.read(WireFormat.write(written), Event.class)).isEqualTo(written);

		// shapes the fast path leaves to Jackson: an offset, a leap second, epoch seconds as a number
		String json = """
				{"id": "e-2", "ingestId": "i-2", "stream": "clicks", "eventTime": "2024-05-01T13:00:03+01:00",
				 "ingestTime": 1714564803.5, "data": {}}""";
		Event read = WireFormat.read(json, Event.class);
		assertThat(read.eventTime()).isEqualTo(Instant.parse("2024-05-01T12:00:03Z"));
		assertThat(read.ingestTime()).isEqualTo(Instant.ofEpochSecond(1_714_564_803L, 500_000_000));
		assertThat(WireFormat.read(json.replace("2024-05-01T13:00:03+01:00", "2016-12-31T23:59:60Z"), Event.class)
			.eventTime()).isEqualTo(Instant.parse("2016-12-31T23:59:60Z"));
	}

	@Test
	void aDateThatDoesNotExistIsStillRefused() {
		String json = """
				{"id": "e-2", "ingestId": "i-2", "stream": "clicks", "eventTime": "2023-02-29T12:00:00Z",
				 "ingestTime": "2023-02-28T12:00:00Z", "data": {}}""";
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read(json, Event.class))
			.withMessageStartingWith("Malformed Event")
			.withRootCauseInstanceOf(DateTimeParseException.class);
	}

	/** An instant as {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with exactly {@code fractionDigits} digits. */
	private static String format(Instant instant, int fractionDigits) {
		LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
		StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(),
				t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
		if (fractionDigits > 0) {
			text.append('.').append(String.format("%09d", instant.getNano()), 0, fractionDigits);
		}
		return text.append('Z').toString();
	}

}
