package io.tributary.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire format's own writers of events and keyed events ({@link EventSerializer},
 * {@link KeyedEventSerializer}) against Jackson's bean serialisation of the same records
 * ({@link JacksonBeanWriters}): the same bytes, in JSON and Smile, for every shape, and records that
 * read back equal.
 */
class WireRecordWritersTests {

	private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

	@Test
	void theWireFormatWritesEventsWithItsOwnWriters() {
		for (WireFormat.Encoding encoding : List.of(WireFormat.Encoding.JSON, WireFormat.Encoding.SMILE)) {
			var context = WireFormat.mapper(encoding)._serializationContext();
			assertThat(context.findValueSerializer(KeyedEvent.class)).isInstanceOf(KeyedEventSerializer.class);
			assertThat(context.findValueSerializer(Event.class)).isInstanceOf(EventSerializer.class);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WireFormat.Encoding.class, names = { "JSON", "SMILE" })
	void writesKeyedEventsAsJacksonDoes(WireFormat.Encoding encoding) {
		List<KeyedEvent> events = List.of(
				new KeyedEvent("campaign-views", "c-1", "e-1", "g-1", T0, Map.of()),
				new KeyedEvent("p", "k", "e-2", "g-2", T0.plusMillis(5), plainValues(), T0.plusNanos(1_500),
						"key-name"),
				new KeyedEvent("p", "k", "e-3", "g-3", T0.plusNanos(7), plainValues(), null, "api"),
				new KeyedEvent("p", "k", "e-4", "g-4", Instant.EPOCH, Map.of("n", 1L), T0, null),
				new KeyedEvent("p", "k", "e-5", "g-5", T0, plainValues(), T0, "api",
						new FirstSeenInput(plainValues(), Map.of("campaign_id", "c-9"), true)),
				new KeyedEvent("p", "k", "e-6", "g-6", T0, Map.of(), null, null,
						new FirstSeenInput(Map.of(), Map.of(), false)),
				new KeyedEvent("ünï", "kéy \"quoted\"\n\t\u0001", "e-\uD83D\uDE00", "g", T0, unicodeValues(), T0,
						"schlüssel"));
		for (KeyedEvent event : events) {
			assertSameBytes(event, encoding);
			assertThat(WireFormat.read(WireFormat.write(event, encoding), KeyedEvent.class)).isEqualTo(event);
		}
		KeyedBatch withProgress = new KeyedBatch(3, events, List.of(new StreamProgress("s", "src", T0)));
		KeyedBatch without = new KeyedBatch(0, events);
		for (KeyedBatch batch : List.of(withProgress, without, new KeyedBatch(1, List.of()))) {
			assertSameBytes(batch, encoding);
			assertThat(WireFormat.read(WireFormat.write(batch, encoding), KeyedBatch.class)).isEqualTo(batch);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WireFormat.Encoding.class, names = { "JSON", "SMILE" })
	void writesKeyedEventsWithMissingFieldsAsJacksonDoes(WireFormat.Encoding encoding) {
		KeyedEvent nulls = new KeyedEvent(null, null, null, null, null, Map.of(), null, null, null);
		assertSameBytes(nulls, encoding);
		assertSameBytes(new KeyedBatch(0, List.of(nulls, nulls)), encoding);
	}

	@ParameterizedTest
	@EnumSource(value = WireFormat.Encoding.class, names = { "JSON", "SMILE" })
	void writesEventsAsJacksonDoes(WireFormat.Encoding encoding) {
		List<Event> events = List.of(
				new Event("id-1", "g-1", "ad-events", T0, T0.plusMillis(3), ysbData()),
				new Event("id-2", "g-2", "ad-events", T0.plusNanos(123_456_789), T0, Map.of()),
				new Event("id-3", "g-3", "s", T0, T0, plainValues(), new Redrive("campaign-views", T0.plusSeconds(60))),
				new Event("id-4", "g-4", "s", T0, T0, plainValues(), new Redrive(null, T0)),
				new Event("ïd-5 \uD83D\uDE00", "g\u2028", "strëam", Instant.parse("1969-12-31T23:59:59.999Z"),
						Instant.parse("+12345-01-01T00:00:00Z"), unicodeValues()));
		for (Event event : events) {
			assertSameBytes(event, encoding);
			assertThat(WireFormat.read(WireFormat.write(event, encoding), Event.class)).isEqualTo(event);
		}
		for (EventBatch batch : List.of(new EventBatch(events),
				new EventBatch(events, List.of(new StreamProgress("s", "ingestion-1", T0))),
				EventBatch.progress(new StreamProgress("s", "ingestion-1", T0)))) {
			assertSameBytes(batch, encoding);
			assertThat(WireFormat.read(WireFormat.write(batch, encoding), EventBatch.class)).isEqualTo(batch);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WireFormat.Encoding.class, names = { "JSON", "SMILE" })
	void writesValuesOfEveryTypeAsJacksonDoes(WireFormat.Encoding encoding) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("int", 7);
		values.put("negativeInt", Integer.MIN_VALUE);
		values.put("long", Long.MAX_VALUE);
		values.put("short", (short) 3);
		values.put("byte", (byte) -2);
		values.put("float", 1.25f);
		values.put("double", -0.1);
		values.put("tiny", Double.MIN_VALUE);
		values.put("nan", Double.NaN);
		values.put("infinity", Double.POSITIVE_INFINITY);
		values.put("bigInteger", new BigInteger("123456789012345678901234567890"));
		values.put("bigDecimal", new BigDecimal("1E+3"));
		values.put("instant", T0.plusNanos(1_000));
		values.put("array", new int[] { 1, 2 });
		values.put("strings", new String[] { "a", null });
		values.put("set", new java.util.TreeSet<>(Set.of("x", "y")));
		values.put("hashMap", new HashMap<>(Map.of("k", List.of())));
		values.put("record", new StreamProgress("s", "src", T0));
		values.put("char", 'c');
		values.put("empty", "");
		values.put("", "empty name");
		assertSameBytes(new KeyedEvent("p", "k", "e", "g", T0, values), encoding);
		assertSameBytes(new Event("e", "g", "s", T0, T0, values), encoding);
	}

	@ParameterizedTest
	@EnumSource(value = WireFormat.Encoding.class, names = { "JSON", "SMILE" })
	void writesRandomShapesAsJacksonDoes(WireFormat.Encoding encoding) {
		Random random = new Random(20261203);
		for (int round = 0; round < 200; round++) {
			List<KeyedEvent> keyed = new ArrayList<>();
			List<Event> events = new ArrayList<>();
			int size = random.nextInt(40);
			for (int i = 0; i < size; i++) {
				Instant time = Instant.ofEpochSecond(random.nextInt(2_000_000_000), (random.nextInt(4) == 0) ? random.nextInt(1_000_000_000) : 0);
				Map<String, Object> data = randomMap(random, 0);
				keyed.add(new KeyedEvent(text(random), text(random), text(random), text(random), time, data,
						random.nextBoolean() ? time.plusMillis(random.nextInt(1000)) : null,
						random.nextBoolean() ? text(random) : null,
						(random.nextInt(5) == 0) ? new FirstSeenInput(randomMap(random, 1), randomMap(random, 1), random.nextBoolean()) : null));
				events.add(new Event(text(random), text(random), text(random), time, time.plusSeconds(1), data,
						(random.nextInt(5) == 0) ? new Redrive(random.nextBoolean() ? text(random) : null, time) : null));
			}
			KeyedBatch keyedBatch = new KeyedBatch(random.nextInt(8), keyed,
					random.nextBoolean() ? List.of() : List.of(new StreamProgress(text(random), text(random), T0)));
			EventBatch eventBatch = new EventBatch(events);
			assertSameBytes(keyedBatch, encoding);
			assertSameBytes(eventBatch, encoding);
			assertThat(WireFormat.read(WireFormat.write(keyedBatch, encoding), KeyedBatch.class)).isEqualTo(keyedBatch);
			assertThat(WireFormat.read(WireFormat.write(eventBatch, encoding), EventBatch.class)).isEqualTo(eventBatch);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WireFormat.Encoding.class, names = { "JSON", "SMILE" })
	void writesManyDistinctNamesAndValuesAsJacksonDoes(WireFormat.Encoding encoding) {
		// past Smile's shared name and value tables (1,024 each), which then start over
		List<KeyedEvent> events = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (int f = 0; f < 5; f++) {
				values.put("field_" + i + "_" + f, "value-" + (i * 5 + f) % 1500);
			}
			events.add(new KeyedEvent("p", "k" + i % 50, "e" + i, "g" + i, T0.plusMillis(i), values, T0, "api"));
		}
		assertSameBytes(new KeyedBatch(0, events), encoding);
	}

	@Test
	void writesDataReadInPartAsJacksonDoes() {
		byte[] message = WireFormat.write(new EventBatch(List.of(new Event("e", "g", "ad-events", T0, T0, ysbData()))));
		EventBatch projected = WireFormat.read(message, DataProjection.of(Map.of("ad-events", Set.of("ad_id"))));
		for (WireFormat.Encoding encoding : List.of(WireFormat.Encoding.JSON, WireFormat.Encoding.SMILE)) {
			assertSameBytes(projected, encoding);
		}
		assertThat(WireFormat.write(projected)).isEqualTo(message);
	}

	@Test
	void failsOnANullNameWhereJacksonFails() {
		Map<String, Object> values = new HashMap<>();
		values.put(null, 1L);
		KeyedEvent event = new KeyedEvent("p", "k", "e", "g", T0, values);
		assertThatThrownBy(() -> JacksonBeanWriters.write(event, WireFormat.Encoding.JSON))
			.hasMessageContaining("Null key");
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.write(event))
			.withStackTraceContaining("Null key");
	}

	private static void assertSameBytes(Object value, WireFormat.Encoding encoding) {
		byte[] expected = JacksonBeanWriters.write(value, encoding);
		byte[] actual = WireFormat.write(value, encoding);
		if (!Arrays.equals(actual, expected)) {
			assertThat(new String(actual, java.nio.charset.StandardCharsets.ISO_8859_1)).as(encoding + " of " + value)
				.isEqualTo(new String(expected, java.nio.charset.StandardCharsets.ISO_8859_1));
		}
		assertThat(actual).isEqualTo(expected);
	}

	/** Values of the types the wire format reads back as they were. */
	private static Map<String, Object> plainValues() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("campaign_id", "c-1");
		values.put("latency_ms", 12L);
		values.put("negative", -4L);
		values.put("score", 0.5);
		values.put("big", 1.0E300);
		values.put("flag", true);
		values.put("off", false);
		values.put("missing", null);
		values.put("nested", new LinkedHashMap<>(Map.of("inner", List.of(1L, "two", Map.of("three", 3.5)))));
		values.put("emptyObject", Map.of());
		values.put("emptyList", List.of());
		values.put("listWithNull", Arrays.asList(null, 1L));
		return values;
	}

	private static Map<String, Object> unicodeValues() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("grüße", "naïve café");
		values.put("emoji \uD83D\uDE80", "\uD83D\uDE00\uD83D\uDE01 and a lone surrogate-free text");
		values.put("cjk", "東京都");
		values.put("escapes", "quote \" backslash \\ newline \n tab \t nul \u0000 del \u007f sep \u2028");
		values.put("long", "x".repeat(70) + "é".repeat(40));
		return values;
	}

	/** A YSB event's data: seven strings. */
	private static Map<String, Object> ysbData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("user_id", "6f1c2a8e-0d55-4f3b-9f61-1b2f3e4d5c6a");
		data.put("page_id", "2b7e151c-2a4b-4f5d-8e6f-7a8b9c0d1e2f");
		data.put("ad_id", "9c5d3e1f-7a2b-4c6d-8e0f-1a2b3c4d5e6f");
		data.put("ad_type", "banner");
		data.put("event_type", "view");
		data.put("event_time", "1772366400000");
		data.put("ip_address", "10.1.2.3");
		return data;
	}

	private static final String[] WORDS = { "view", "click", "a", "", "ünï", "\uD83D\uDE00", "x\"y", "line\nbreak",
			"campaign-42", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-longer-than-64" };

	private static String text(Random random) {
		return WORDS[random.nextInt(WORDS.length)] + ((random.nextBoolean()) ? Integer.toString(random.nextInt(100)) : "");
	}

	/** A data map of values the wire format reads back as they were (longs, doubles, strings, ...). */
	private static Map<String, Object> randomMap(Random random, int depth) {
		Map<String, Object> map = new LinkedHashMap<>();
		int size = random.nextInt(depth == 0 ? 8 : 4);
		for (int i = 0; i < size; i++) {
			map.put(text(random), randomValue(random, depth));
		}
		return map;
	}

	private static Object randomValue(Random random, int depth) {
		return switch (random.nextInt(depth < 2 ? 8 : 6)) {
			case 0 -> text(random);
			case 1 -> random.nextLong();
			case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
			case 3 -> random.nextBoolean();
			case 4 -> (long) random.nextInt(100);
			case 5 -> "";
			case 6 -> randomMap(random, depth + 1);
			default -> {
				List<Object> list = new ArrayList<>();
				for (int i = random.nextInt(4); i > 0; i--) {
					list.add(randomValue(random, depth + 1));
				}
				yield list;
			}
		};
	}

}
