package io.tributary.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire format's own reader of events against Jackson's record binding (the wire mapper without
 * it): the same event, or a failure, for what the writer writes and for every other shape, from JSON
 * and from the same document in Smile.
 */
class EventDeserializerTests {

	private static final JsonMapper JACKSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.USE_LONG_FOR_INTS)
		.addModule(new SimpleModule("reference").addDeserializer(Instant.class, new WireInstants()))
		.build();

	private static final String TIMES = "\"eventTime\":\"2026-01-01T00:00:01.5Z\",\"ingestTime\":\"2026-01-01T00:00:02Z\"";

	@Test
	void readsWhatTheWriterWritesAsJacksonDoes() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("b", "x");
		data.put("a", 42L);
		data.put("d", 1.5);
		data.put("none", null);
		data.put("nested", Map.of("list", List.of(1L, "two")));
		Event plain = new Event("id-1", "ing-1", "s", Instant.parse("2026-01-01T00:00:01.5Z"),
				Instant.parse("2026-01-01T00:00:02Z"), data);
		Event redriven = new Event("id-2", "ing-2", "s", Instant.parse("2026-01-01T00:00:01Z"),
				Instant.parse("2026-01-01T00:00:02.123456789Z"), data, new Redrive("p", Instant.parse("2026-01-02T00:00:00Z")));
		for (Event event : List.of(plain, redriven)) {
			String json = WireFormat.writeString(event);
			assertSameAsJackson(json);
			assertThat(WireFormat.read(json, Event.class)).isEqualTo(event);
			assertThat(WireFormat.writeString(WireFormat.read(json, Event.class))).isEqualTo(json);
			byte[] smile = WireFormat.write(event, WireFormat.Encoding.SMILE);
			assertThat(WireFormat.read(smile, Event.class)).isEqualTo(event);
			assertThat(WireFormat.write(WireFormat.read(smile, Event.class), WireFormat.Encoding.SMILE)).isEqualTo(smile);
		}
	}

	@Test
	void readsOtherShapesAsJacksonDoes() {
		for (String json : List.of(
				"{\"data\":{\"z\":1,\"a\":2},\"stream\":\"s\"," + TIMES + ",\"ingestId\":\"g\",\"id\":\"i\"}",
				"{\"x\":{\"y\":[1,{\"z\":2}]},\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES
						+ ",\"data\":{},\"more\":[1,2],\"redrive\":null}",
				"{\"id\":42,\"ingestId\":true,\"stream\":\"s\"," + TIMES + ",\"data\":{}}",
				"{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\",\"eventTime\":1767225600000,"
						+ "\"ingestTime\":\"2026-01-01T01:00:00+01:00\",\"data\":{}}",
				"{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":{},\"redrive\":{\"redrivenAt\":\"2026-01-02T00:00:00Z\"}}")) {
			assertSameAsJackson(json);
		}
	}

	@Test
	void failsWhereJacksonFails() {
		for (String json : List.of(
				"{\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":{}}",
				"{\"id\":null,\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":{}}",
				"{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":null}",
				"{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":[1]}",
				"{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\",\"eventTime\":\"yesterday\",\"ingestTime\":\"2026-01-01T00:00:02Z\",\"data\":{}}",
				"{\"id\":{\"a\":1},\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":{}}",
				"{}", "[]", "\"event\"")) {
			assertThatThrownBy(() -> JACKSON.readValue(json, Event.class)).as(json).isInstanceOf(JacksonException.class);
			assertThatIllegalArgumentException().as(json).isThrownBy(() -> WireFormat.read(json, Event.class));
			assertThatIllegalArgumentException().as("Smile of " + json)
				.isThrownBy(() -> WireFormat.read(SmileCopies.of(json), Event.class))
				.withMessageStartingWith("Malformed Event");
		}
	}

	@Test
	void readsEventsInBatchesAsJacksonDoes() {
		String event = "{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":{\"k\":\"v\"}}";
		String json = "{\"events\":[" + event + "," + event.replace("\"i\"", "\"j\"") + "]}";
		assertThat(WireFormat.read(json, EventBatch.class)).isEqualTo(JACKSON.readValue(json, EventBatch.class));
		assertThat(WireFormat.read(SmileCopies.of(json), EventBatch.class))
			.isEqualTo(JACKSON.readValue(json, EventBatch.class));
	}

	@Test
	void keepsTheDataItReadsImmutableAndInItsOrder() {
		Event event = WireFormat.read("{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES
				+ ",\"data\":{\"z\":1,\"a\":2,\"m\":3}}", Event.class);

		assertThat(new ArrayList<>(event.data().keySet())).isEqualTo(Arrays.asList("z", "a", "m"));
		assertThatThrownBy(() -> event.data().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> event.data().entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> event.data().keySet().remove("z")).isInstanceOf(UnsupportedOperationException.class);
		// a record made from it keeps the same immutable data
		Event copy = new Event(event.id(), event.ingestId(), event.stream(), event.eventTime(), event.ingestTime(),
				event.data());
		assertThat(copy.data()).isSameAs(event.data()).isEqualTo(Map.of("z", 1L, "a", 2L, "m", 3L));
	}

	private static void assertSameAsJackson(String json) {
		Event expected = JACKSON.readValue(json, Event.class);
		Event actual = WireFormat.read(json, Event.class);
		assertThat(actual).as(json).isEqualTo(expected);
		assertThat(WireFormat.writeString(actual)).as(json).isEqualTo(WireFormat.writeString(expected));
		// the same document in Smile: the same record
		assertThat(WireFormat.read(SmileCopies.of(json), Event.class)).as("Smile of " + json).isEqualTo(expected);
	}

}
