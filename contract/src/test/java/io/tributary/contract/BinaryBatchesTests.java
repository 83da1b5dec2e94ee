package io.tributary.contract;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The binary form of the internal hops' batches against two independent references: the JSON
 * message of the same batch (what a binary message reads back as must be what the JSON message reads
 * back as, projected or whole), and a protobuf reader built from the schema in the codecs'
 * documentation (what protobuf decodes from the bytes, and what the codecs read from bytes protobuf
 * wrote, unknown fields included). Damaged messages fail as malformed, never otherwise.
 */
class BinaryBatchesTests {

	private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	private static final Descriptor EVENT_BATCH;

	private static final Descriptor KEYED_BATCH;

	static {
		// the schemas as BinaryEventBatch's and BinaryKeyedBatch's documentation give them
		DescriptorProto event = message("Event", field("id", 1, FieldDescriptorProto.Type.TYPE_STRING),
				field("ingest_id", 2, FieldDescriptorProto.Type.TYPE_STRING),
				field("stream", 3, FieldDescriptorProto.Type.TYPE_UINT32),
				field("event_time_seconds", 4, FieldDescriptorProto.Type.TYPE_SINT64),
				field("event_time_nanos", 5, FieldDescriptorProto.Type.TYPE_UINT32),
				field("ingest_time_seconds", 6, FieldDescriptorProto.Type.TYPE_SINT64),
				field("ingest_time_nanos", 7, FieldDescriptorProto.Type.TYPE_UINT32),
				field("data_length", 8, FieldDescriptorProto.Type.TYPE_UINT32),
				field("redrive", 9, FieldDescriptorProto.Type.TYPE_BYTES));
		DescriptorProto eventBatch = message("EventBatch", repeated(field("strings", 1, FieldDescriptorProto.Type.TYPE_STRING)),
				repeated(field("events", 2, ".t.Event")),
				repeated(field("progress", 3, FieldDescriptorProto.Type.TYPE_BYTES)),
				field("data", 4, FieldDescriptorProto.Type.TYPE_BYTES));
		DescriptorProto value = message("Value", field("name", 1, FieldDescriptorProto.Type.TYPE_UINT32),
				oneof(field("text", 2, FieldDescriptorProto.Type.TYPE_STRING)),
				oneof(field("whole", 3, FieldDescriptorProto.Type.TYPE_SINT64)),
				oneof(field("decimal", 4, FieldDescriptorProto.Type.TYPE_DOUBLE)),
				oneof(field("flag", 5, FieldDescriptorProto.Type.TYPE_BOOL)),
				oneof(field("null_value", 6, FieldDescriptorProto.Type.TYPE_BOOL)),
				oneof(field("json", 7, FieldDescriptorProto.Type.TYPE_BYTES)))
			.toBuilder()
			.addOneofDecl(OneofDescriptorProto.newBuilder().setName("value"))
			.build();
		DescriptorProto keyedEvent = message("KeyedEvent", field("pipeline", 1, FieldDescriptorProto.Type.TYPE_UINT32),
				field("key", 2, FieldDescriptorProto.Type.TYPE_UINT32),
				field("event_id", 3, FieldDescriptorProto.Type.TYPE_STRING),
				field("ingest_id", 4, FieldDescriptorProto.Type.TYPE_STRING),
				field("event_time_seconds", 5, FieldDescriptorProto.Type.TYPE_SINT64),
				field("event_time_nanos", 6, FieldDescriptorProto.Type.TYPE_UINT32),
				repeated(field("values", 7, ".t.Value")),
				optional(field("ingest_time_seconds", 8, FieldDescriptorProto.Type.TYPE_SINT64), 0),
				field("ingest_time_nanos", 9, FieldDescriptorProto.Type.TYPE_UINT32),
				optional(field("api_key", 10, FieldDescriptorProto.Type.TYPE_UINT32), 1),
				field("first_seen", 11, FieldDescriptorProto.Type.TYPE_BYTES))
			.toBuilder()
			.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_ingest_time_seconds"))
			.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_api_key"))
			.build();
		DescriptorProto keyedBatch = message("KeyedBatch", field("partition", 1, FieldDescriptorProto.Type.TYPE_UINT32),
				repeated(field("strings", 2, FieldDescriptorProto.Type.TYPE_STRING)),
				repeated(field("events", 3, ".t.KeyedEvent")),
				repeated(field("progress", 4, FieldDescriptorProto.Type.TYPE_BYTES)),
				repeated(field("stream_times", 5, FieldDescriptorProto.Type.TYPE_BYTES)));
		try {
			FileDescriptorProto file = FileDescriptorProto.newBuilder()
				.setName("t.proto")
				.setPackage("t")
				.setSyntax("proto3")
				.addMessageType(event)
				.addMessageType(eventBatch)
				.addMessageType(value)
				.addMessageType(keyedEvent)
				.addMessageType(keyedBatch)
				.build();
			FileDescriptor descriptor = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
			EVENT_BATCH = descriptor.findMessageTypeByName("EventBatch");
			KEYED_BATCH = descriptor.findMessageTypeByName("KeyedBatch");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void eventBatchesReadAsTheirJsonMessagesDo() {
		Random random = new Random(20261204);
		for (int round = 0; round < 300; round++) {
			EventBatch batch = randomEventBatch(random);
			byte[] binary = WireFormat.write(batch, WireFormat.Encoding.BINARY);
			byte[] json = WireFormat.write(batch, WireFormat.Encoding.JSON);
			assertThat(WireFormat.Encoding.of(binary)).isEqualTo(WireFormat.Encoding.BINARY);
			EventBatch expected = WireFormat.read(json, EventBatch.class);
			EventBatch read = WireFormat.read(binary, EventBatch.class);
			assertThat(read).isEqualTo(expected);
			assertThat(keyOrders(read)).isEqualTo(keyOrders(expected));
			// projected: the fields read answer at once, and the data still means the whole object
			// a few fields (found by comparing names) and many (found by hashing them)
			Set<String> many = Set.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "ünï", "q\"\\{", "absent");
			DataProjection projection = DataProjection.of(Map.of("s0", Set.of("f1", "f2", "ünï"), "s1", many));
			EventBatch projectedBinary = WireFormat.read(binary, projection);
			EventBatch projectedJson = WireFormat.read(json, projection);
			for (int i = 0; i < expected.events().size(); i++) {
				Map<String, Object> fromBinary = projectedBinary.events().get(i).data();
				Map<String, Object> fromJson = projectedJson.events().get(i).data();
				Map<String, Object> whole = expected.events().get(i).data();
				if (fromBinary instanceof ProjectedData projected) {
					for (String field : projection.fields(expected.events().get(i).stream())) {
						assertThat(projected.get(field)).isEqualTo(whole.get(field));
						assertThat(projected.containsKey(field)).isEqualTo(whole.containsKey(field));
					}
					// the projected fields answered without reading the rest
					assertThat(projected.hasReadWhole()).isFalse();
				}
				for (String field : List.of("f0", "f1", "f2", "f3", "f7", "ünï", "q\"\\{", "absent")) {
					assertThat(fromBinary.containsKey(field)).isEqualTo(whole.containsKey(field));
					assertThat(fromBinary.get(field)).isEqualTo(whole.get(field));
					assertThat(fromJson.containsKey(field)).isEqualTo(whole.containsKey(field));
					assertThat(fromJson.get(field)).isEqualTo(whole.get(field));
				}
			}
			assertThat(projectedBinary).isEqualTo(expected);
			// rendered for people: the JSON message
			assertThat(PLAIN.readTree(WireFormat.toJson(binary))).isEqualTo(PLAIN.readTree(json));
		}
	}

	@Test
	void projectedStringsReadAsSentWhateverRepeats() {
		// values that repeat, that share a String hash ("Aa", "BB": one slot), empty, escaped, not ASCII,
		// at and past the longest kept, and more distinct ones than the table has slots
		List<String> pool = List.of("view", "click", "Aa", "BB", "AaAa", "BBBB", "AaBB", "", "q\"\\{", "ünï ☃ 😀",
				"x".repeat(64), "y".repeat(65), "campaign-" + "7".repeat(40));
		Random random = new Random(20261206);
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			String value = pool.get(random.nextInt(pool.size()));
			String other = (random.nextInt(4) == 0) ? "v" + random.nextInt(1000) : pool.get(random.nextInt(pool.size()));
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("t", value);
			data.put("skipped", other);
			data.put("k", other);
			events.add(new Event("id-" + i, "in-" + i, "s0", T0, T0, data));
		}
		byte[] binary = WireFormat.write(new EventBatch(events), WireFormat.Encoding.BINARY);
		EventBatch read = WireFormat.read(binary, DataProjection.of(Map.of("s0", Set.of("t", "k"))));
		for (int i = 0; i < events.size(); i++) {
			assertThat(read.events().get(i).data()).isEqualTo(events.get(i).data());
			assertThat(read.events().get(i).data().get("t")).isEqualTo(events.get(i).data().get("t"));
			assertThat(read.events().get(i).data().get("k")).isEqualTo(events.get(i).data().get("k"));
		}
	}

	@Test
	void aMessagesRepeatedProjectedStringsAreOneString() {
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			events.add(new Event("id-" + i, "in-" + i, "s0", T0, T0, Map.of("t", (i % 3 == 0) ? "click" : "view")));
		}
		byte[] binary = WireFormat.write(new EventBatch(events), WireFormat.Encoding.BINARY);
		List<Event> read = WireFormat.read(binary, DataProjection.of(Map.of("s0", Set.of("t")))).events();
		for (int i = 3; i < read.size(); i++) {
			assertThat(read.get(i).data().get("t")).isSameAs(read.get(i - 3).data().get("t"));
		}
		assertThat(read.get(1).data().get("t")).isEqualTo("view");
		assertThat(read.get(0).data().get("t")).isEqualTo("click");
	}

	@Test
	void eventDataGoesAsTheBytesPublishersSent() {
		String sent = "{ \"a\" : \"\\u00e9\\\"}\" ,\n \"n\" : 1e2, \"l\": -9223372036854775808, \"i\": 7 }";
		byte[] body = ("[" + sent + "]").getBytes(StandardCharsets.UTF_8);
		Event event = new Event("i", "g", "s", T0, T0, new JsonObjectData(body, 1, body.length - 2));
		byte[] binary = WireFormat.write(new EventBatch(List.of(event)), WireFormat.Encoding.BINARY);

		DynamicMessage decoded = parse(EVENT_BATCH, binary);
		assertThat(((ByteString) decoded.getField(EVENT_BATCH.findFieldByName("data"))).toStringUtf8()).isEqualTo(sent);
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("a", "é\"}");
		expected.put("n", 100.0);
		expected.put("l", Long.MIN_VALUE);
		expected.put("i", 7L);
		assertThat(WireFormat.read(binary, EventBatch.class).events().get(0).data()).containsExactlyEntriesOf(expected);
	}

	@Test
	void protobufReadsWhatTheSchemaSays() {
		Instant time = Instant.ofEpochSecond(-5, 7);
		Event event = new Event("ev-1", "acc-1", "clicks", time, T0.plusNanos(123), Map.of("x", 1L),
				new Redrive("p", T0));
		StreamProgress marker = new StreamProgress("clicks", "ingest-1", T0);
		byte[] binary = WireFormat.write(new EventBatch(List.of(event), List.of(marker)), WireFormat.Encoding.BINARY);
		DynamicMessage batch = parse(EVENT_BATCH, binary);
		assertThat(list(batch, "strings")).isEqualTo(List.of("clicks"));
		DynamicMessage e = (DynamicMessage) list(batch, "events").get(0);
		assertThat(get(e, "id")).isEqualTo("ev-1");
		assertThat(get(e, "ingest_id")).isEqualTo("acc-1");
		assertThat(get(e, "stream")).isEqualTo(0);
		assertThat(get(e, "event_time_seconds")).isEqualTo(-5L);
		assertThat(get(e, "event_time_nanos")).isEqualTo(7);
		assertThat(get(e, "ingest_time_seconds")).isEqualTo(T0.getEpochSecond());
		assertThat(get(e, "ingest_time_nanos")).isEqualTo(123);
		assertThat(get(e, "data_length")).isEqualTo(7);
		assertThat(WireFormat.read(((ByteString) get(e, "redrive")).toByteArray(), Redrive.class))
			.isEqualTo(new Redrive("p", T0));
		assertThat(WireFormat.read(((ByteString) list(batch, "progress").get(0)).toByteArray(), StreamProgress.class))
			.isEqualTo(marker);
		assertThat(((ByteString) get(batch, "data")).toStringUtf8()).isEqualTo("{\"x\":1}");

		Map<String, Object> values = new LinkedHashMap<>();
		values.put("t", "text");
		values.put("w", -3L);
		values.put("d", 2.5);
		values.put("b", true);
		values.put("n", null);
		values.put("j", List.of(1L, "x"));
		KeyedEvent keyed = new KeyedEvent("pipe", "key-1", "ev-1", "acc-1", time, values, null, "api", null);
		byte[] keyedBinary = WireFormat.write(new KeyedBatch(5, List.of(keyed)), WireFormat.Encoding.BINARY);
		DynamicMessage k = parse(KEYED_BATCH, keyedBinary);
		assertThat(get(k, "partition")).isEqualTo(5);
		List<?> strings = list(k, "strings");
		DynamicMessage ke = (DynamicMessage) list(k, "events").get(0);
		assertThat(strings.get((Integer) get(ke, "pipeline"))).isEqualTo("pipe");
		assertThat(strings.get((Integer) get(ke, "key"))).isEqualTo("key-1");
		assertThat(strings.get((Integer) get(ke, "api_key"))).isEqualTo("api");
		assertThat(ke.hasField(ke.getDescriptorForType().findFieldByName("ingest_time_seconds"))).isFalse();
		List<?> read = list(ke, "values");
		assertThat(read).hasSize(6);
		assertThat(strings.get((Integer) get((DynamicMessage) read.get(0), "name"))).isEqualTo("t");
		assertThat(get((DynamicMessage) read.get(0), "text")).isEqualTo("text");
		assertThat(get((DynamicMessage) read.get(1), "whole")).isEqualTo(-3L);
		assertThat(get((DynamicMessage) read.get(2), "decimal")).isEqualTo(2.5);
		assertThat(get((DynamicMessage) read.get(3), "flag")).isEqualTo(true);
		assertThat(get((DynamicMessage) read.get(4), "null_value")).isEqualTo(true);
		assertThat(((ByteString) get((DynamicMessage) read.get(5), "json")).toStringUtf8()).isEqualTo("[1,\"x\"]");
	}

	@Test
	void readsWhatProtobufWritesAndSkipsFieldsItDoesNotKnow() {
		Random random = new Random(7);
		for (int round = 0; round < 100; round++) {
			EventBatch events = randomEventBatch(random);
			KeyedBatch keyed = randomKeyedBatch(random);
			byte[] eventBytes = WireFormat.write(events, WireFormat.Encoding.BINARY);
			byte[] keyedBytes = WireFormat.write(keyed, WireFormat.Encoding.BINARY);
			// protobuf re-writes each message (canonical field order) with fields of a later version added
			byte[] eventsAgain = framed(withUnknownFields(parse(EVENT_BATCH, eventBytes), random), BinaryFrame.EVENTS);
			byte[] keyedAgain = framed(withUnknownFields(parse(KEYED_BATCH, keyedBytes), random), BinaryFrame.KEYED);
			assertThat(WireFormat.read(eventsAgain, EventBatch.class)).isEqualTo(WireFormat.read(eventBytes, EventBatch.class));
			assertThat(WireFormat.read(keyedAgain, KeyedBatch.class)).isEqualTo(WireFormat.read(keyedBytes, KeyedBatch.class));
		}
	}

	@Test
	void keyedBatchesReadAsTheirJsonMessagesDo() {
		Random random = new Random(20261205);
		for (int round = 0; round < 300; round++) {
			KeyedBatch batch = randomKeyedBatch(random);
			byte[] binary = WireFormat.write(batch, WireFormat.Encoding.BINARY);
			byte[] json = WireFormat.write(batch, WireFormat.Encoding.JSON);
			KeyedBatch expected = WireFormat.read(json, KeyedBatch.class);
			KeyedBatch read = WireFormat.read(binary, KeyedBatch.class);
			assertThat(read).isEqualTo(expected);
			for (int i = 0; i < read.events().size(); i++) {
				Map<String, Object> values = read.events().get(i).values();
				Map<String, Object> expectedValues = expected.events().get(i).values();
				assertThat(new ArrayList<>(values.keySet())).isEqualTo(new ArrayList<>(expectedValues.keySet()));
				values.forEach((name, value) -> assertThat(classOf(value)).as(name)
					.isEqualTo(classOf(expectedValues.get(name))));
			}
			assertThat(PLAIN.readTree(WireFormat.toJson(binary))).isEqualTo(PLAIN.readTree(json));
		}
	}

	@Test
	void valuesOfEveryTypeReadAsJsonReadsThem() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("int", 7);
		values.put("short", (short) 3);
		values.put("float", 0.1f);
		values.put("nan", Double.NaN);
		values.put("inf", Double.NEGATIVE_INFINITY);
		values.put("dec", new BigDecimal("1.10"));
		values.put("max", Long.MAX_VALUE);
		values.put("min", Long.MIN_VALUE);
		values.put("neg0", -0.0);
		values.put("nested", Map.of("a", List.of(1, 2.5, "x")));
		KeyedBatch batch = new KeyedBatch(0, List.of(new KeyedEvent("p", "k", "e", "g", T0, values)));
		KeyedBatch expected = WireFormat.read(WireFormat.write(batch, WireFormat.Encoding.JSON), KeyedBatch.class);
		KeyedBatch read = WireFormat.read(WireFormat.write(batch, WireFormat.Encoding.BINARY), KeyedBatch.class);
		assertThat(read).isEqualTo(expected);
		expected.events().get(0).values().forEach((name, value) -> assertThat(classOf(read.events().get(0).values().get(name)))
			.as(name).isEqualTo(classOf(value)));
	}

	@Test
	void damagedMessagesAreMalformed() {
		Random random = new Random(99);
		for (int round = 0; round < 40; round++) {
			for (byte[] message : List.of(WireFormat.write(randomEventBatch(random), WireFormat.Encoding.BINARY),
					WireFormat.write(randomKeyedBatch(random), WireFormat.Encoding.BINARY))) {
				Class<?> type = (message[5] == BinaryFrame.KEYED) ? KeyedBatch.class : EventBatch.class;
				for (int cut = 0; cut < message.length; cut += 1 + random.nextInt(7)) {
					byte[] truncated = Arrays.copyOf(message, cut);
					readsOrIsMalformed(truncated, type);
				}
				for (int flip = 0; flip < 60 && message.length > BinaryFrame.HEADER_LENGTH; flip++) {
					byte[] damaged = message.clone();
					int at = BinaryFrame.HEADER_LENGTH + random.nextInt(damaged.length - BinaryFrame.HEADER_LENGTH);
					damaged[at] = (byte) random.nextInt(256);
					readsOrIsMalformed(damaged, type);
				}
			}
		}
	}

	@Test
	void saysWhyAMessageIsNotOneItReads() {
		byte[] events = WireFormat.write(new EventBatch(List.of(new Event("i", "g", "s", T0, T0, Map.of()))),
				WireFormat.Encoding.BINARY);
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read(events, KeyedBatch.class))
			.withMessageContaining("Malformed KeyedBatch: a binary message of kind 'E'");
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read(events, WindowResult.class))
			.withMessageContaining("a binary message holds an EventBatch or a KeyedBatch");
		byte[] later = events.clone();
		later[4] = 2;
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read(later, EventBatch.class))
			.withMessageContaining("version 2 is not known");
		// an event whose data length does not match its object
		DynamicMessage message = parse(EVENT_BATCH, events);
		DynamicMessage event = (DynamicMessage) list(message, "events").get(0);
		FieldDescriptor length = event.getDescriptorForType().findFieldByName("data_length");
		DynamicMessage wrong = message.toBuilder()
			.setRepeatedField(EVENT_BATCH.findFieldByName("events"), 0, event.toBuilder().setField(length, 3).build())
			.build();
		assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.read(framed(wrong, BinaryFrame.EVENTS), EventBatch.class))
			.withMessageContaining("Malformed EventBatch");
	}

	@Test
	void streamTimesTravelAsTheDocumentedSchemaSays() {
		StreamTime first = new StreamTime("ad-events", T0.plusNanos(5));
		StreamTime second = new StreamTime("clicks", T0.minusSeconds(3));
		KeyedBatch batch = new KeyedBatch(2, List.of(), List.of(), List.of(first, second));
		byte[] binary = WireFormat.write(batch, WireFormat.Encoding.BINARY);
		DynamicMessage read = parse(KEYED_BATCH, binary);
		List<?> times = list(read, "stream_times");
		assertThat(times).hasSize(2);
		assertThat(WireFormat.read(((ByteString) times.get(0)).toByteArray(), StreamTime.class)).isEqualTo(first);
		assertThat(WireFormat.read(((ByteString) times.get(1)).toByteArray(), StreamTime.class)).isEqualTo(second);
		assertThat(WireFormat.read(binary, KeyedBatch.class)).isEqualTo(batch);
		// in JSON, a field older readers skip; a message without it has none
		String json = new String(WireFormat.write(batch, WireFormat.Encoding.JSON), StandardCharsets.UTF_8);
		assertThat(json).contains("\"streamTimes\":[{\"stream\":\"ad-events\"").doesNotContain("progress");
		assertThat(WireFormat.read("{\"partition\":1,\"events\":[]}".getBytes(StandardCharsets.UTF_8), KeyedBatch.class)
			.streamTimes()).isEmpty();
	}

	@Test
	void aProgressMarkerAloneTravels() {
		StreamProgress marker = new StreamProgress("s", "src", T0);
		byte[] binary = WireFormat.write(EventBatch.progress(marker), WireFormat.Encoding.BINARY);
		assertThat(WireFormat.read(binary, EventBatch.class)).isEqualTo(EventBatch.progress(marker));
		byte[] keyed = WireFormat.write(new KeyedBatch(3, List.of(), List.of(marker)), WireFormat.Encoding.BINARY);
		assertThat(WireFormat.read(keyed, KeyedBatch.class)).isEqualTo(new KeyedBatch(3, List.of(), List.of(marker)));
	}

	private static void readsOrIsMalformed(byte[] message, Class<?> type) {
		try {
			Object read = WireFormat.read(message, type);
			if (read instanceof EventBatch batch) {
				// lazily read data must not fail later either
				batch.events().forEach((e) -> e.data().size());
			}
		}
		catch (IllegalArgumentException ex) {
			assertThat(ex.getMessage()).startsWith("Malformed " + type.getSimpleName());
		}
	}

	private static EventBatch randomEventBatch(Random random) {
		List<Event> events = new ArrayList<>();
		int size = random.nextInt(30);
		for (int i = 0; i < size; i++) {
			Instant time = randomInstant(random);
			Map<String, Object> data = ProjectedReadTests.randomData(random);
			if (random.nextBoolean()) {
				String json = PLAIN.writeValueAsString(data);
				byte[] body = (" [" + json + "] ").getBytes(StandardCharsets.UTF_8);
				data = new JsonObjectData(body, 2, body.length - 4);
			}
			events.add(new Event(text(random), text(random), "s" + random.nextInt(3), time,
					time.plusMillis(random.nextInt(5000)), data,
					(random.nextInt(6) == 0) ? new Redrive(random.nextBoolean() ? text(random) : null, time) : null));
		}
		return new EventBatch(events,
				random.nextInt(4) == 0 ? List.of(new StreamProgress("s0", text(random), randomInstant(random))) : List.of());
	}

	private static KeyedBatch randomKeyedBatch(Random random) {
		List<KeyedEvent> events = new ArrayList<>();
		int size = random.nextInt(30);
		for (int i = 0; i < size; i++) {
			Instant time = randomInstant(random);
			Map<String, Object> values = new LinkedHashMap<>();
			for (int v = random.nextInt(5); v > 0; v--) {
				values.put(random.nextBoolean() ? "v" + random.nextInt(4) : text(random), randomValue(random));
			}
			events.add(new KeyedEvent("p" + random.nextInt(3), "k" + random.nextInt(5), text(random), text(random), time,
					values, random.nextBoolean() ? time.plusMillis(random.nextInt(1000)) : null,
					random.nextBoolean() ? "api-" + random.nextInt(2) : null,
					(random.nextInt(6) == 0) ? new FirstSeenInput(ProjectedReadTests.randomData(random),
							ProjectedReadTests.randomData(random), random.nextBoolean()) : null));
		}
		List<StreamTime> streamTimes = new ArrayList<>();
		for (int t = random.nextInt(3); t > 0; t--) {
			streamTimes.add(new StreamTime("s" + t, randomInstant(random)));
		}
		return new KeyedBatch(random.nextInt(64), events,
				random.nextInt(4) == 0 ? List.of(new StreamProgress("s", "src", randomInstant(random))) : List.of(),
				streamTimes);
	}

	private static Object randomValue(Random random) {
		return switch (random.nextInt(10)) {
			case 0 -> text(random);
			case 1 -> random.nextLong();
			case 2 -> random.nextInt();
			case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
			case 4 -> random.nextBoolean();
			case 5 -> (random.nextBoolean()) ? Double.NaN : Double.POSITIVE_INFINITY;
			case 6 -> random.nextFloat();
			case 7 -> ProjectedReadTests.randomData(random);
			case 8 -> List.of(text(random), random.nextLong());
			default -> null;
		};
	}

	private static Instant randomInstant(Random random) {
		return Instant.ofEpochSecond(random.nextLong(-100_000_000_000L, 100_000_000_000L),
				(random.nextInt(3) == 0) ? random.nextInt(1_000_000_000) : 0);
	}

	private static final String[] WORDS = { "view", "a", "", "ünï", "\uD83D\uDE00", "x\"y", "line\nbreak",
			"0123456789abcdef-0123-4567-89ab-0123456789ab" };

	private static String text(Random random) {
		return WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? Integer.toString(random.nextInt(100)) : "");
	}

	private static List<List<String>> keyOrders(EventBatch batch) {
		return batch.events().stream().map((e) -> (List<String>) new ArrayList<>(e.data().keySet())).toList();
	}

	private static String classOf(Object value) {
		return (value == null) ? "null" : value.getClass().getSimpleName();
	}

	private static DynamicMessage parse(Descriptor type, byte[] framed) {
		try {
			return DynamicMessage.parseFrom(type,
					Arrays.copyOfRange(framed, BinaryFrame.HEADER_LENGTH, framed.length));
		}
		catch (Exception ex) {
			throw new AssertionError("protobuf cannot read the message", ex);
		}
	}

	private static DynamicMessage withUnknownFields(DynamicMessage message, Random random) {
		UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
			.addField(90 + random.nextInt(5), UnknownFieldSet.Field.newBuilder().addVarint(random.nextLong()).build())
			.addField(99, UnknownFieldSet.Field.newBuilder()
				.addLengthDelimited(ByteString.copyFromUtf8("from a later version"))
				.build())
			.build();
		DynamicMessage.Builder builder = message.toBuilder().setUnknownFields(unknown);
		for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
			if (field.getType() == FieldDescriptor.Type.MESSAGE && field.isRepeated()) {
				for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
					DynamicMessage inner = (DynamicMessage) message.getRepeatedField(field, i);
					builder.setRepeatedField(field, i, inner.toBuilder().setUnknownFields(unknown).build());
				}
			}
		}
		return builder.build();
	}

	private static byte[] framed(DynamicMessage message, byte kind) {
		byte[] body = message.toByteArray();
		byte[] framed = new byte[BinaryFrame.HEADER_LENGTH + body.length];
		BinaryFrame.header(framed, kind);
		System.arraycopy(body, 0, framed, BinaryFrame.HEADER_LENGTH, body.length);
		return framed;
	}

	private static Object get(DynamicMessage message, String field) {
		return message.getField(message.getDescriptorForType().findFieldByName(field));
	}

	private static List<?> list(DynamicMessage message, String field) {
		return (List<?>) get(message, field);
	}

	private static DescriptorProto message(String name, FieldDescriptorProto.Builder... fields) {
		DescriptorProto.Builder builder = DescriptorProto.newBuilder().setName(name);
		for (FieldDescriptorProto.Builder f : fields) {
			builder.addField(f);
		}
		return builder.build();
	}

	private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
		return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
			.setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
	}

	private static FieldDescriptorProto.Builder field(String name, int number, String messageType) {
		return FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
			.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(messageType)
			.setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
	}

	private static FieldDescriptorProto.Builder repeated(FieldDescriptorProto.Builder field) {
		return field.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
	}

	private static FieldDescriptorProto.Builder optional(FieldDescriptorProto.Builder field, int oneof) {
		return field.setProto3Optional(true).setOneofIndex(oneof);
	}

	private static FieldDescriptorProto.Builder oneof(FieldDescriptorProto.Builder field) {
		return field.setOneofIndex(0);
	}

}
