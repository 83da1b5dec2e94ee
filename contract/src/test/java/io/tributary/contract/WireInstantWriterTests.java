package io.tributary.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire format's instant writer against {@link Instant#toString} and Jackson's own writer. */
class WireInstantWriterTests {

	private static final long FIRST = -62_167_219_200L;

	private static final long LAST = 253_402_300_799L;

	@Test
	void writesWhatInstantToStringWritesAcrossTheYearsAndFractions() {
		Random random = new Random(13);
		List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
				Instant.ofEpochSecond(FIRST), Instant.ofEpochSecond(FIRST - 1), Instant.ofEpochSecond(FIRST, 999_999_999),
				Instant.ofEpochSecond(LAST), Instant.ofEpochSecond(LAST, 999_999_999), Instant.ofEpochSecond(LAST + 1),
				Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-1, 1), Instant.parse("2026-01-01T00:00:01.5Z"),
				Instant.parse("2024-02-29T23:59:59.000001Z"), Instant.parse("1900-03-01T00:00:00.010Z")));
		int[] nanos = { 0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 999_999_999,
				123_000_000, 123_456_000, 123_456_789, 500_000_000 };
		for (int i = 0; i < 200_000; i++) {
			long seconds = FIRST - 86_400 + (long) (random.nextDouble() * (LAST - FIRST + 2 * 86_400));
			int nano = (i % 2 == 0) ? nanos[random.nextInt(nanos.length)] : random.nextInt(1_000_000_000);
			instants.add(Instant.ofEpochSecond(seconds, nano));
			// around now, where the wire's instants are
			instants.add(Instant.ofEpochMilli(1_700_000_000_000L + random.nextLong(2_000_000_000_000L)));
		}
		for (Instant instant : instants) {
			assertThat(WireInstantWriter.format(instant)).as("%s", instant).isEqualTo(instant.toString());
		}
	}

	@Test
	void writesRecordsAsJacksonsOwnInstantWriterDoesInBothEncodings() {
		JsonMapper jackson = JsonMapper.builder().build();
		Instant t = Instant.parse("2026-01-01T00:00:01.123456Z");
		Event event = new Event("i", "g", "s", t, Instant.parse("0001-01-01T00:00:00Z"), Map.of("a", 1L),
				new Redrive("p", Instant.parse("+10000-01-01T00:00:00Z")));
		KeyedEvent keyed = new KeyedEvent("p", "k", "e", "g", t, Map.of(), Instant.EPOCH, "key");

		for (Object value : List.of(event, keyed, new EventBatch(List.of(event)))) {
			assertThat(WireFormat.writeString(value)).isEqualTo(jackson.writeValueAsString(value));
			assertThat(WireFormat.read(WireFormat.write(value, WireFormat.Encoding.SMILE), value.getClass()))
				.isEqualTo(value);
		}
	}

}
