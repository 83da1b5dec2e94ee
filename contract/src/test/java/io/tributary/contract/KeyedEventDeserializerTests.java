package io.tributary.contract;

import java.time.Instant;
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
 * The wire format's own reader of keyed events against Jackson's record binding (the wire mapper
 * without it): the same keyed event, or a failure, for what the writer writes and other shapes.
 */
class KeyedEventDeserializerTests {

	private static final JsonMapper JACKSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.USE_LONG_FOR_INTS)
		.addModule(new SimpleModule("reference").addDeserializer(Instant.class, new WireInstants()))
		.build();

	@Test
	void readsWhatTheWriterWritesAsJacksonDoes() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("campaign_id", "c-1");
		values.put("latency_ms", 12L);
		values.put("score", 0.5);
		values.put("missing", null);
		for (KeyedEvent event : List.of(
				new KeyedEvent("p", "k", "e-1", "g-1", Instant.parse("2026-01-01T00:00:01.5Z"), values),
				new KeyedEvent("p", "k", "e-2", "g-2", Instant.parse("2026-01-01T00:00:01Z"), Map.of(),
						Instant.parse("2026-01-01T00:00:02.25Z"), "key-name"))) {
			String json = WireFormat.writeString(event);
			assertSameAsJackson(json);
			assertThat(WireFormat.read(json, KeyedEvent.class)).isEqualTo(event);
			assertThat(WireFormat.writeString(WireFormat.read(json, KeyedEvent.class))).isEqualTo(json);
			assertThat(WireFormat.read(WireFormat.write(event, WireFormat.Encoding.SMILE), KeyedEvent.class))
				.isEqualTo(event);
		}
		KeyedBatch batch = new KeyedBatch(2, List.of(new KeyedEvent("p", "k", "e", "g", Instant.EPOCH, values)),
				List.of(new StreamProgress("s", "src", Instant.EPOCH)));
		String json = WireFormat.writeString(batch);
		assertThat(WireFormat.read(json, KeyedBatch.class)).isEqualTo(batch).isEqualTo(JACKSON.readValue(json, KeyedBatch.class));
		assertThat(WireFormat.read(WireFormat.write(batch, WireFormat.Encoding.SMILE), KeyedBatch.class)).isEqualTo(batch);
		assertThat(WireFormat.read(SmileCopies.of(json), KeyedBatch.class)).isEqualTo(batch);
	}

	@Test
	void readsOtherShapesAsJacksonDoes() {
		for (String json : List.of(
				"{\"values\":{\"z\":[1,{\"a\":null}]},\"eventTime\":\"2026-01-01T00:00:00Z\",\"key\":\"k\",\"pipeline\":\"p\",\"eventId\":\"e\",\"ingestId\":\"g\"}",
				"{\"pipeline\":\"p\",\"key\":7,\"eventId\":\"e\",\"ingestId\":\"g\",\"eventTime\":1767225600000,\"values\":{},"
						+ "\"ingestTime\":null,\"apiKey\":null,\"unknown\":{\"x\":[1]}}",
				"{\"pipeline\":\"p\",\"eventId\":\"e\",\"values\":{},\"ingestTime\":\"2026-01-01T01:00:00+01:00\"}",
				"{\"values\":{}}")) {
			assertSameAsJackson(json);
		}
	}

	@Test
	void failsWhereJacksonFails() {
		for (String json : List.of("{\"pipeline\":\"p\",\"key\":\"k\"}", "{\"values\":null}", "{\"values\":[]}",
				"{\"values\":{},\"eventTime\":\"soon\"}", "{\"values\":{},\"key\":[1]}", "[]", "3")) {
			assertThatThrownBy(() -> JACKSON.readValue(json, KeyedEvent.class)).as(json).isInstanceOf(JacksonException.class);
			assertThatIllegalArgumentException().as(json).isThrownBy(() -> WireFormat.read(json, KeyedEvent.class));
			assertThatIllegalArgumentException().as("Smile of " + json)
				.isThrownBy(() -> WireFormat.read(SmileCopies.of(json), KeyedEvent.class))
				.withMessageStartingWith("Malformed KeyedEvent");
		}
	}

	private static void assertSameAsJackson(String json) {
		KeyedEvent expected = JACKSON.readValue(json, KeyedEvent.class);
		KeyedEvent actual = WireFormat.read(json, KeyedEvent.class);
		assertThat(actual).as(json).isEqualTo(expected);
		assertThat(WireFormat.writeString(actual)).as(json).isEqualTo(WireFormat.writeString(expected));
		assertThat(WireFormat.read(SmileCopies.of(json), KeyedEvent.class)).as("Smile of " + json).isEqualTo(expected);
	}

}
