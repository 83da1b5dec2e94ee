package io.tributary.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Event data kept as the JSON it was read from, against the same data as a map: what the data says
 * as a map, and what a message carrying it reads back as, in JSON (the bytes copied) and Smile (the
 * map written), over generated data of every JSON shape, spaced and indented as publishers send it.
 */
class JsonObjectDataTests {

	private static final Instant T = Instant.parse("2026-01-01T00:00:01.5Z");

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	private static final JsonMapper INDENTED = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Test
	void isTheMapItsBytesHoldAndTravelsAsIt() {
		Random random = new Random(11);
		for (int round = 0; round < 300; round++) {
			List<Event> asMaps = new ArrayList<>();
			List<Event> asJson = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				Map<String, Object> data = ProjectedReadTests.randomData(random);
				JsonObjectData json = embedded(((i % 2 == 0) ? PLAIN : INDENTED).writeValueAsString(data), random);
				assertThat(json).isEqualTo(data);
				assertThat(new ArrayList<>(json.keySet())).isEqualTo(new ArrayList<>(data.keySet()));
				asMaps.add(new Event("id-" + i, "ing-" + i, "s", T, T, data));
				asJson.add(new Event("id-" + i, "ing-" + i, "s", T, T, json));
			}
			for (WireFormat.Encoding encoding : WireFormat.Encoding.values()) {
				EventBatch read = WireFormat.read(WireFormat.write(new EventBatch(asJson), encoding), EventBatch.class);
				assertThat(read).isEqualTo(new EventBatch(asMaps));
				assertThat(read.events()).extracting(Event::data)
					.extracting((data) -> new ArrayList<>(data.keySet()))
					.isEqualTo(asMaps.stream().map((e) -> new ArrayList<>(e.data().keySet())).toList());
			}
			assertThat(WireFormat.read(WireFormat.writeString(new EventBatch(asJson)), EventBatch.class))
				.isEqualTo(new EventBatch(asMaps));
		}
	}

	@Test
	void copiesTheBytesIntoAJsonMessage() {
		String sent = "{ \"a\" : \"\\u00e9\\\"}\" ,\n \"n\" : 1e2, \"l\": -9223372036854775808, \"i\": 7 }";
		byte[] message = WireFormat.write(new Event("i", "g", "s", T, T, embedded(sent, new Random(1))),
				WireFormat.Encoding.JSON);

		assertThat(new String(message, StandardCharsets.UTF_8)).contains("\"data\":" + sent);
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("a", "é\"}");
		expected.put("n", 100.0);
		expected.put("l", Long.MIN_VALUE);
		expected.put("i", 7L);
		assertThat(WireFormat.read(message, Event.class).data()).containsExactlyEntriesOf(expected);
	}

	@Test
	void refusesARangeThatIsNotAnObject() {
		byte[] bytes = "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonObjectData(bytes, 0, bytes.length));
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonObjectData(bytes, 1, 8));
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonObjectData(bytes, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonObjectData(bytes, -1, 3));
		assertThat(new JsonObjectData(bytes, 1, 7)).containsExactlyEntriesOf(Map.of("a", 1L));
	}

	/** The JSON object inside a larger array of bytes, as in a request body of many events. */
	private static JsonObjectData embedded(String json, Random random) {
		byte[] object = json.getBytes(StandardCharsets.UTF_8);
		int before = random.nextInt(20);
		byte[] body = new byte[before + object.length + random.nextInt(20)];
		java.util.Arrays.fill(body, (byte) ' ');
		System.arraycopy(object, 0, body, before, object.length);
		return new JsonObjectData(body, before, object.length);
	}

}
