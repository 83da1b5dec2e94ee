package io.tributary.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages whose records repeat some strings and instants and not others, read back: every record
 * equals the one written (so no value comes from the wrong earlier text, whatever the table's
 * collisions), and equal repeated strings are one instance. JSON and Smile.
 */
class RepeatedValuesTests {

	private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");

	@Test
	void eventBatchesReadBackEqualWithRepeatsShared() {
		Random random = new Random(7);
		for (int round = 0; round < 20; round++) {
			List<Event> events = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				// 3 streams (one longer than the table keeps), 40 event times (more than its slots),
				// 2 ingest times, and instants in forms the fast parser leaves to Jackson
				String stream = switch (random.nextInt(3)) {
					case 0 -> "ad-events";
					case 1 -> "s" + "x".repeat(RepeatedValues.MAX_LENGTH);
					default -> "clicks";
				};
				Instant eventTime = BASE.plusMillis(random.nextInt(40) * 7L).plusNanos(random.nextInt(3));
				Instant ingestTime = BASE.plusSeconds(60 + random.nextInt(2));
				events.add(new Event("id-" + round + "-" + i, "ing-" + i, stream, eventTime, ingestTime,
						Map.of("k", "v" + random.nextInt(5))));
			}
			EventBatch batch = new EventBatch(events);
			for (WireFormat.Encoding encoding : WireFormat.Encoding.values()) {
				EventBatch read = WireFormat.read(WireFormat.write(batch, encoding), EventBatch.class);
				assertThat(read).isEqualTo(batch);
				assertThat(distinctInstances(read.events().stream().map(Event::stream).toList())).isLessThanOrEqualTo(
						2 + read.events().stream().filter((e) -> e.stream().length() > RepeatedValues.MAX_LENGTH).count());
			}
		}
	}

	@Test
	void keyedBatchesReadBackEqualWithKeysShared() {
		Random random = new Random(11);
		for (int round = 0; round < 20; round++) {
			List<KeyedEvent> events = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				// 200 keys: many share a slot of the table
				String key = "campaign-" + random.nextInt(200);
				events.add(new KeyedEvent((i % 3 == 0) ? "p1" : "p2", key, "e-" + i, "g-" + i,
						BASE.plusMillis(random.nextInt(100)), Map.of("n", (long) i),
						(i % 4 == 0) ? null : BASE.plusSeconds(1), (i % 5 == 0) ? null : "api-" + (i % 2)));
			}
			KeyedBatch batch = new KeyedBatch(3, events, List.of());
			for (WireFormat.Encoding encoding : WireFormat.Encoding.values()) {
				KeyedBatch read = WireFormat.read(WireFormat.write(batch, encoding), KeyedBatch.class);
				assertThat(read).isEqualTo(batch);
				assertThat(distinctInstances(read.events().stream().map(KeyedEvent::pipeline).toList())).isEqualTo(2);
			}
		}
	}

	@Test
	void valuesOfOtherShapesAreReadAsBefore() {
		String json = "{\"events\":[{\"id\":\"a\",\"ingestId\":\"b\",\"stream\":\"s\",\"eventTime\":1772359200.5,"
				+ "\"ingestTime\":\"2026-03-01T10:00:00+00:00\",\"data\":{}},{\"id\":\"c\",\"ingestId\":\"d\",\"stream\":\"s\","
				+ "\"eventTime\":\"2026-03-01T10:00:00.500Z\",\"ingestTime\":\"2026-03-01T10:00:00+00:00\",\"data\":{}}]}";
		EventBatch read = WireFormat.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), EventBatch.class);
		assertThat(read.events()).extracting(Event::eventTime)
			.containsExactly(Instant.parse("2026-03-01T10:00:00.500Z"), Instant.parse("2026-03-01T10:00:00.500Z"));
		assertThat(read.events()).extracting(Event::ingestTime)
			.containsExactly(Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:00Z"));
	}

	private static long distinctInstances(List<String> values) {
		Set<String> instances = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
		instances.addAll(values);
		return instances.size();
	}

}
