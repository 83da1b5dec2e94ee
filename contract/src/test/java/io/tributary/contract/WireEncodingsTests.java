package io.tributary.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tributary.contract.WireFormat.Encoding;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The internal hops' messages in both encodings: every shape reads back as the same record out of
 * JSON and out of Smile, a reader tells the two apart per payload (so JSON written before an
 * upgrade is still read), and bytes that are neither are rejected as before.
 */
class WireEncodingsTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void everyMessageShapeReadsBackTheSameFromJsonAndFromSmile() {
		for (Object message : List.of(eventBatch(), EventBatch.progress(new StreamProgress("s", "ing-a", T0)),
				keyedBatch(), new KeyedBatch(0, List.of()), resultBatch(), new ResultBatch(List.of(), List.of(), List.of()))) {
			Class<?> type = message.getClass();
			byte[] json = WireFormat.write(message, Encoding.JSON);
			byte[] smile = WireFormat.write(message, Encoding.SMILE);

			assertThat(Encoding.of(json)).isEqualTo(Encoding.JSON);
			assertThat(Encoding.of(smile)).isEqualTo(Encoding.SMILE);
			assertThat(WireFormat.read(json, type)).as(type.getSimpleName()).isEqualTo(message);
			assertThat(WireFormat.read(smile, type)).as(type.getSimpleName()).isEqualTo(message);
			// the same document: Smile shown as JSON is what the JSON writer writes
			assertThat(new String(WireFormat.toJson(smile), StandardCharsets.UTF_8)).isEqualTo(WireFormat.writeString(message));
			assertThat(WireFormat.toJson(json)).isSameAs(json);
		}
	}

	@Test
	void eventDataKeepsItsValuesAndTheirTypesInSmile() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("int", 7L);
		data.put("long", 1L << 40);
		data.put("negative", -3L);
		data.put("double", 0.1);
		data.put("whole double", 2.0);
		data.put("bool", true);
		data.put("null", null);
		data.put("empty", "");
		data.put("unicode", "gr\u00fc\u00dfe \u2603 \ud83d\ude00");
		data.put("long text", "x".repeat(300));
		data.put("list", List.of(1L, "two", 3.5, List.of(), Map.of()));
		data.put("map", Map.of("k", Map.of("deeper", List.of(false))));
		Event event = new Event("i", "g", "s", T0, T0, data);

		Event fromJson = WireFormat.read(WireFormat.write(new EventBatch(List.of(event)), Encoding.JSON), EventBatch.class)
			.events().get(0);
		Event fromSmile = WireFormat.read(WireFormat.write(new EventBatch(List.of(event)), Encoding.SMILE),
				EventBatch.class).events().get(0);

		assertThat(fromSmile).isEqualTo(fromJson).isEqualTo(event);
		assertThat(new ArrayList<>(fromSmile.data().keySet())).isEqualTo(new ArrayList<>(data.keySet()));
		for (String name : data.keySet()) {
			Object value = fromSmile.data().get(name);
			assertThat((value != null) ? value.getClass() : null).as(name)
				.isEqualTo((data.get(name) != null) ? fromJson.data().get(name).getClass() : null);
		}
	}

	@Test
	void anIntegerBeyondLongFailsInBothAsInJson() {
		String json = "{\"events\":[{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\",\"eventTime\":\"2026-01-01T00:00:01Z\","
				+ "\"ingestTime\":\"2026-01-01T00:00:02Z\",\"data\":{\"big\":123456789012345678901234567890}}]}";

		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read(json, EventBatch.class))
			.withMessageContaining("out of range of `long`");
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read(SmileCopies.of(json), EventBatch.class))
			.withMessageContaining("out of range of `long`");
	}

	@Test
	void readsJsonWrittenBeforeMessagesWereSmileWithOrWithoutLeadingWhitespace() {
		String old = "{\"events\":[{\"id\":\"i\",\"ingestId\":\"g\",\"stream\":\"s\",\"eventTime\":\"2026-01-01T00:00:01Z\","
				+ "\"ingestTime\":\"2026-01-01T00:00:02Z\",\"data\":{\"n\":1,\"a\":\"x\"}}]}";
		EventBatch expected = new EventBatch(List.of(new Event("i", "g", "s", Instant.parse("2026-01-01T00:00:01Z"),
				Instant.parse("2026-01-01T00:00:02Z"), Map.of("n", 1L, "a", "x"))));

		for (String json : List.of(old, " \n\t" + old + "\n")) {
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			assertThat(Encoding.of(bytes)).isEqualTo(Encoding.JSON);
			assertThat(WireFormat.read(bytes, EventBatch.class)).isEqualTo(expected);
		}
		assertThat(WireFormat.read("{\"partition\":1,\"events\":[]}".getBytes(StandardCharsets.UTF_8), KeyedBatch.class))
			.isEqualTo(new KeyedBatch(1, List.of()));
	}

	@Test
	void rejectsBytesThatAreNeitherWithTheTypeName() {
		byte[] smile = WireFormat.write(eventBatch(), Encoding.SMILE);
		byte[] random = new byte[200];
		new Random(7).nextBytes(random);
		random[0] = 0x17;
		byte[] headerThenJunk = Arrays.copyOf(":)\n\u0000\u00ff\u00fe{".getBytes(StandardCharsets.ISO_8859_1), 20);
		for (byte[] garbage : List.of(new byte[0], random, "{oops".getBytes(StandardCharsets.UTF_8),
				":)\n".getBytes(StandardCharsets.US_ASCII), headerThenJunk, Arrays.copyOf(smile, smile.length / 2),
				Arrays.copyOf(smile, 5))) {
			assertThatIllegalArgumentException().as(Arrays.toString(Arrays.copyOf(garbage, Math.min(8, garbage.length))))
				.isThrownBy(() -> WireFormat.read(garbage, EventBatch.class))
				.withMessageStartingWith("Malformed EventBatch");
		}
		// a Smile document of another shape fails as its JSON does
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WireFormat.read(WireFormat.write(List.of(1L), Encoding.SMILE), EventBatch.class))
			.withMessageStartingWith("Malformed EventBatch");
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.toJson(headerThenJunk))
			.withMessageStartingWith("Malformed Smile");
	}

	@Test
	void smileWithSharedNamesAndValuesIsSmallerThanJsonForABatch() {
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("ad_id", "ad-" + (i % 50));
			data.put("event_type", (i % 4 == 0) ? "view" : "click");
			data.put("n", (long) i);
			events.add(new Event("event-" + i, "ingest-" + i, "ad-events", T0.plusMillis(i), T0, data));
		}
		EventBatch batch = new EventBatch(events);

		byte[] json = WireFormat.write(batch, Encoding.JSON);
		byte[] smile = WireFormat.write(batch, Encoding.SMILE);

		assertThat(smile.length).isLessThan(json.length * 2 / 3);
		assertThat(WireFormat.read(smile, EventBatch.class)).isEqualTo(batch);
	}

	@Test
	void messagesAreBinaryUnlessTheProcessSaysOtherwise() {
		assertThat(WireFormat.messageEncoding()).isEqualTo(Encoding.BINARY);
		byte[] events = WireFormat.writeMessage(eventBatch());
		assertThat(Encoding.of(events)).isEqualTo(Encoding.BINARY);
		assertThat(WireFormat.contentType(events)).isEqualTo("application/octet-stream");
		assertThat(WireFormat.read(events, EventBatch.class)).isEqualTo(eventBatch());
		// results, the third hop's messages, go as JSON
		ResultBatch results = new ResultBatch(List.of(), List.of(), List.of());
		byte[] resultMessage = WireFormat.writeMessage(results);
		assertThat(Encoding.of(resultMessage)).isEqualTo(Encoding.JSON);
		assertThat(WireFormat.contentType(resultMessage)).isEqualTo("application/json");
		assertThat(Encoding.SMILE.contentType()).isEqualTo("application/x-jackson-smile");
		assertThat(Encoding.named("JSON")).isEqualTo(Encoding.JSON);
		assertThat(Encoding.named(" smile ")).isEqualTo(Encoding.SMILE);
		assertThat(Encoding.named("Binary")).isEqualTo(Encoding.BINARY);
		assertThatIllegalArgumentException().isThrownBy(() -> Encoding.named("cbor"))
			.withMessageContaining(WireFormat.MESSAGES_PROPERTY);
		// what is stored and shown stays JSON
		assertThat(Encoding.of(WireFormat.write(eventBatch()))).isEqualTo(Encoding.JSON);
	}

	private static EventBatch eventBatch() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("user", "u-1");
		data.put("n", 42L);
		data.put("d", 1.5);
		data.put("none", null);
		data.put("nested", Map.of("list", List.of(1L, "two")));
		Event plain = new Event("id-1", "ing-1", "s", Instant.parse("2026-01-01T00:00:01.5Z"),
				Instant.parse("2026-01-01T00:00:02Z"), data);
		Event again = new Event("id-2", "ing-1", "s", Instant.parse("2026-01-01T00:00:01.5Z"),
				Instant.parse("2026-01-01T00:00:02Z"), data);
		Event redriven = new Event("id-3", "ing-2", "s", T0, Instant.parse("2026-01-01T00:00:02.123456789Z"), Map.of(),
				new Redrive("p", Instant.parse("2026-01-02T00:00:00Z")));
		return new EventBatch(List.of(plain, again, redriven), List.of(new StreamProgress("s", "ing-a", T0)));
	}

	private static KeyedBatch keyedBatch() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("campaign_id", "c-1");
		values.put("latency_ms", 12L);
		values.put("missing", null);
		return new KeyedBatch(5, List.of(new KeyedEvent("p", "k", "e-1", "g-1", T0, values),
				new KeyedEvent("p", "k", "e-2", "g-1", T0.plusMillis(1), values, T0, "key-name")),
				List.of(new StreamProgress("s", "src", T0)));
	}

	private static ResultBatch resultBatch() {
		Map<String, @Nullable Object> metrics = new LinkedHashMap<>();
		metrics.put("views", 3L);
		metrics.put("avg", null);
		metrics.put("p99", 12.5);
		WindowResult result = new WindowResult("p", "k", T0, T0.plusSeconds(10), true, 2, metrics, new Counts(3, 1, 0));
		LateEventRecord late = new LateEventRecord("p", "k", T0, T0.plusSeconds(10), "e", T0.plusSeconds(1),
				T0.plusSeconds(12), Map.of("a", 1L));
		DeadLetterRecord dead = new DeadLetterRecord("s", "p", "e1", T0, T0.plusSeconds(1), "lookup miss", Map.of("a", 1L),
				"g", T0, "billing");
		WindowRetraction retraction = new WindowRetraction("p", "k", T0.plusSeconds(60), T0.plusSeconds(90), 3, T0,
				T0.plusSeconds(90));
		Alert alert = Alert.opened("p", 1, "high", "k", Alert.Severity.critical, Alert.Kind.threshold, "views > 2", T0,
				Alert.Breach.of(T0.plusSeconds(10), metrics), T0.plusSeconds(11));
		return new ResultBatch(List.of(result), List.of(late), List.of(dead), List.of(retraction), List.of(alert),
				Map.of("p", new IngestTimes(T0, T0.plusSeconds(1))));
	}

}
