package io.tributary.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Projected reads of event batches against whole reads of the same bytes: every projected field
 * reads the same value before anything else is asked, and the data as a whole (fields outside the
 * projection, size, order, equality) is the whole read's, over generated data of every JSON shape.
 */
class ProjectedReadTests {

	private static final Instant T = Instant.parse("2026-01-01T00:00:01.5Z");

	private static final String TIMES = "\"eventTime\":\"2026-01-01T00:00:01.5Z\",\"ingestTime\":\"2026-01-01T00:00:02Z\"";

	@Test
	void projectedFieldsReadAsTheWholeReadAndTheRestOnDemand() {
		Random random = new Random(7);
		for (int round = 0; round < 300; round++) {
			List<Event> events = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				events.add(new Event("id-" + i, "ing-" + i, (i % 3 == 0) ? "other" : "s", T, T, randomData(random),
						(i % 7 == 0) ? new Redrive("p", T) : null));
			}
			byte[] payload = WireFormat.write(new EventBatch(events));
			Set<String> fields = Set.of("f0", "f3", "ünï", "absent");
			DataProjection projection = DataProjection.of(Map.of("s", fields));
			assertThat(WireFormat.read(payload, projection).events().get(1).data()).isInstanceOf(ProjectedData.class);
			assertProjectedAsWhole(payload, projection);
		}
	}

	@Test
	void readsOtherShapesOfTheMessageAsTheWholeRead() {
		for (String event : List.of(
				// data before the stream: read whole
				"{\"data\":{\"f0\":1,\"a\":2},\"stream\":\"s\"," + TIMES + ",\"ingestId\":\"g\",\"id\":\"i\"}",
				// white space, escapes and multi-byte text before and inside the data
				"{ \"id\" : \"i\\\"é\" ,\n \"ingestId\":\"g\", \"stream\" : \"s\" ," + TIMES
						+ ",\n \"data\" : { \"a\" : \"x\\\\\\\"}{\" , \"f0\" : { \"n\" : [ 1 , \"€\" ] } ,\"f3\":null } }",
				// duplicate keys: the last one counts, in both reads
				"{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":{\"f0\":1,\"x\":2,\"f0\":3}}",
				"{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":{}}",
				"{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES + ",\"data\":{\"f0\":1e400,\"f3\":-1.5e-7,\"z\":-0.0}}")) {
			byte[] payload = ("{\"events\":[" + event + "," + event + "]}").getBytes(StandardCharsets.UTF_8);
			assertProjectedAsWhole(payload, DataProjection.of(Map.of("s", Set.of("f0", "f3"))));
		}
	}

	@Test
	void smileAndUnprojectedReadsAreWholeReads() {
		Event event = new Event("i", "g", "s", T, T, Map.of("f0", "a", "b", 2L));
		byte[] smile = WireFormat.write(new EventBatch(List.of(event)), WireFormat.Encoding.SMILE);
		assertThat(WireFormat.read(smile, DataProjection.of(Map.of("s", Set.of("f0")))).events()).containsExactly(event);
		byte[] json = WireFormat.write(new EventBatch(List.of(event)));
		assertThat(WireFormat.read(json, DataProjection.all()).events().getFirst().data())
			.isNotInstanceOf(ProjectedData.class);
		assertThat(WireFormat.read(json, DataProjection.of(Map.of("t", Set.of("f0")))).events().getFirst().data())
			.isNotInstanceOf(ProjectedData.class);
	}

	@Test
	void failsWhereTheWholeReadFails() {
		for (String bad : List.of("{\"events\":[{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\"," + TIMES
				+ ",\"data\":{\"f0\":1,\"x\":[}}]}", "{\"events\":[{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\","
						+ TIMES + ",\"data\":{\"x\":tru}}]}")) {
			byte[] payload = bad.getBytes(StandardCharsets.UTF_8);
			assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read(payload, EventBatch.class));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> WireFormat.read(payload, DataProjection.of(Map.of("s", Set.of("f0")))));
		}
	}

	private static void assertProjectedAsWhole(byte[] payload, DataProjection projection) {
		List<Event> whole = WireFormat.read(payload, EventBatch.class).events();
		List<Event> projected = WireFormat.read(payload, projection).events();
		assertThat(projected).hasSameSizeAs(whole);
		for (int i = 0; i < whole.size(); i++) {
			Map<String, Object> expected = whole.get(i).data();
			Map<String, Object> actual = projected.get(i).data();
			Set<String> fields = projection.fields(whole.get(i).stream());
			if (actual instanceof ProjectedData data) {
				assertThat(fields).isNotNull();
				for (String field : fields) {
					assertThat(data.containsKey(field)).as(field).isEqualTo(expected.containsKey(field));
					assertThat(data.get(field)).as(field).isEqualTo(expected.get(field));
				}
				assertThat(data.hasReadWhole()).isFalse();
			}
			// the rest, and the event as a whole, as the whole read has them
			assertThat(new ArrayList<>(actual.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
			assertThat(projected.get(i)).isEqualTo(whole.get(i));
			assertThat(WireFormat.writeString(projected.get(i))).isEqualTo(WireFormat.writeString(whole.get(i)));
		}
	}

	static Map<String, Object> randomData(Random random) {
		Map<String, Object> data = new LinkedHashMap<>();
		int n = random.nextInt(9);
		for (int i = 0; i < n; i++) {
			String name = switch (random.nextInt(6)) {
				case 0 -> "ünï";
				case 1 -> "q\"\\{";
				default -> "f" + random.nextInt(8);
			};
			data.put(name, randomValue(random, 2));
		}
		return data;
	}

	private static Object randomValue(Random random, int depth) {
		return switch (random.nextInt(depth > 0 ? 9 : 7)) {
			case 0 -> "text " + random.nextInt(100);
			case 1 -> "\"}{\\ é € 😀 \n\t" + random.nextInt(10);
			case 2 -> (long) random.nextInt();
			case 3 -> random.nextLong();
			case 4 -> random.nextDouble() * 1e6;
			case 5 -> random.nextBoolean();
			case 6 -> "";
			case 7 -> List.of(randomValue(random, depth - 1), randomValue(random, depth - 1));
			default -> Map.of("k" + random.nextInt(3), randomValue(random, depth - 1));
		};
	}

}
