package io.tributary.contract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * A {@link KeyedBatch} in the binary form of the internal hops ({@link BinaryFrame}): the route
 * stage's message to one partition, with pipelines, keys, API keys and value names written once per
 * message and the values typed, so the window stage reads no JSON for them. The body:
 *
 * <pre>
 * message KeyedBatch {
 *   uint32 partition = 1;
 *   repeated string strings = 2;     // pipelines, keys, API keys and value names, by index in order of first use
 *   repeated KeyedEvent events = 3;
 *   repeated bytes progress = 4;     // each a StreamProgress as the wire format's JSON
 *   repeated bytes stream_times = 5; // each a StreamTime as the wire format's JSON
 * }
 * message KeyedEvent {
 *   uint32 pipeline = 1;             // index into strings
 *   uint32 key = 2;                  // index into strings
 *   string event_id = 3;
 *   string ingest_id = 4;
 *   sint64 event_time_seconds = 5;
 *   uint32 event_time_nanos = 6;     // left out when 0
 *   repeated Value values = 7;       // in the values' order
 *   optional sint64 ingest_time_seconds = 8;  // absent when the acceptance time is not known
 *   uint32 ingest_time_nanos = 9;    // left out when 0
 *   optional uint32 api_key = 10;    // index into strings; absent when no API key published the event
 *   bytes first_seen = 11;           // a FirstSeenInput as the wire format's JSON; absent when none
 * }
 * message Value {
 *   uint32 name = 1;                 // index into strings
 *   oneof value {
 *     string text = 2;
 *     sint64 whole = 3;              // read as a Long, as JSON's integers are
 *     double decimal = 4;            // finite doubles; read as a Double
 *     bool flag = 5;
 *     bool null_value = 6;           // a null value
 *     bytes json = 7;                // any other value, as the wire format's JSON
 *   }
 * }
 * </pre>
 *
 * Proto3: a field left out reads as its default (0, the empty string), except those marked
 * {@code optional}, whose absence means null. A keyed event read from it holds what the JSON
 * message's reading holds: integers as longs, floats and non-finite doubles as the JSON path reads
 * them (they travel as JSON).
 */
final class BinaryKeyedBatch {

	private static final String TYPE = "KeyedBatch";

	private static final int PARTITION = 1;

	private static final int STRINGS = 2;

	private static final int EVENTS = 3;

	private static final int PROGRESS = 4;

	private static final int STREAM_TIMES = 5;

	private static final int PIPELINE = 1;

	private static final int KEY = 2;

	private static final int EVENT_ID = 3;

	private static final int INGEST_ID = 4;

	private static final int EVENT_TIME_SECONDS = 5;

	private static final int EVENT_TIME_NANOS = 6;

	private static final int VALUES = 7;

	private static final int INGEST_TIME_SECONDS = 8;

	private static final int INGEST_TIME_NANOS = 9;

	private static final int API_KEY = 10;

	private static final int FIRST_SEEN = 11;

	private static final int NAME = 1;

	private static final int TEXT = 2;

	private static final int WHOLE = 3;

	private static final int DECIMAL = 4;

	private static final int FLAG = 5;

	private static final int NULL = 6;

	private static final int JSON = 7;

	private BinaryKeyedBatch() {
	}

	static byte[] write(KeyedBatch batch) {
		List<KeyedEvent> events = batch.events();
		int n = events.size();
		BinaryFrame.StringTable strings = new BinaryFrame.StringTable();
		Written[] written = new Written[n];
		long total = CodedOutputStream.computeUInt32Size(PARTITION, batch.partition());
		for (int i = 0; i < n; i++) {
			Written w = written(events.get(i), strings);
			written[i] = w;
			total += CodedOutputStream.computeTagSize(EVENTS) + CodedOutputStream.computeUInt32SizeNoTag(w.size)
					+ w.size;
		}
		byte[][] progress = BinaryFrame.json(batch.progress());
		total += BinaryFrame.size(PROGRESS, progress);
		byte[][] streamTimes = BinaryFrame.json(batch.streamTimes());
		total += BinaryFrame.size(STREAM_TIMES, streamTimes);
		total += strings.size(STRINGS);
		if (BinaryFrame.HEADER_LENGTH + total > Integer.MAX_VALUE - 16) {
			throw new IllegalArgumentException("Cannot serialise KeyedBatch: " + total + " bytes");
		}
		byte[] out = new byte[BinaryFrame.HEADER_LENGTH + (int) total];
		BinaryFrame.header(out, BinaryFrame.KEYED);
		CodedOutputStream o = CodedOutputStream.newInstance(out, BinaryFrame.HEADER_LENGTH, (int) total);
		try {
			o.writeUInt32(PARTITION, batch.partition());
			strings.write(o, STRINGS);
			for (int i = 0; i < n; i++) {
				write(o, events.get(i), written[i]);
			}
			BinaryFrame.write(o, PROGRESS, progress);
			BinaryFrame.write(o, STREAM_TIMES, streamTimes);
			o.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot serialise KeyedBatch: " + ex.getMessage(), ex);
		}
		return out;
	}

	/** The indexes and sizes of one event, worked out before anything is written. */
	private static Written written(KeyedEvent e, BinaryFrame.StringTable strings) {
		Written w = new Written();
		w.pipeline = strings.index(required(e.pipeline(), "pipeline"));
		w.key = strings.index(required(e.key(), "key"));
		w.apiKey = (e.apiKey() == null) ? -1 : strings.index(e.apiKey());
		int size = CodedOutputStream.computeUInt32Size(PIPELINE, w.pipeline)
				+ CodedOutputStream.computeUInt32Size(KEY, w.key)
				+ CodedOutputStream.computeStringSize(EVENT_ID, required(e.eventId(), "eventId"))
				+ CodedOutputStream.computeStringSize(INGEST_ID, required(e.ingestId(), "ingestId"))
				+ BinaryFrame.instantSize(EVENT_TIME_SECONDS, EVENT_TIME_NANOS, required(e.eventTime(), "eventTime"));
		Map<String, Object> values = e.values();
		w.names = new int[values.size()];
		w.valueSizes = new int[values.size()];
		w.json = new byte[values.size()][];
		int v = 0;
		for (Map.Entry<String, Object> entry : values.entrySet()) {
			w.names[v] = strings.index(required(entry.getKey(), "a value's name"));
			int valueSize = CodedOutputStream.computeUInt32Size(NAME, w.names[v]);
			Object value = entry.getValue();
			switch (value) {
				case null -> valueSize += CodedOutputStream.computeBoolSize(NULL, true);
				case String s -> valueSize += CodedOutputStream.computeStringSize(TEXT, s);
				case Long l -> valueSize += CodedOutputStream.computeSInt64Size(WHOLE, l);
				case Integer x -> valueSize += CodedOutputStream.computeSInt64Size(WHOLE, x);
				case Double d when Double.isFinite(d) -> valueSize += CodedOutputStream.computeDoubleSize(DECIMAL, d);
				case Boolean b -> valueSize += CodedOutputStream.computeBoolSize(FLAG, b);
				default -> {
					w.json[v] = BinaryFrame.json(value);
					valueSize += CodedOutputStream.computeByteArraySize(JSON, w.json[v]);
				}
			}
			w.valueSizes[v] = valueSize;
			size += CodedOutputStream.computeTagSize(VALUES) + CodedOutputStream.computeUInt32SizeNoTag(valueSize)
					+ valueSize;
			v++;
		}
		if (e.ingestTime() != null) {
			size += BinaryFrame.instantSize(INGEST_TIME_SECONDS, INGEST_TIME_NANOS, e.ingestTime());
		}
		if (w.apiKey >= 0) {
			size += CodedOutputStream.computeUInt32Size(API_KEY, w.apiKey);
		}
		if (e.firstSeen() != null) {
			w.firstSeen = BinaryFrame.json(e.firstSeen());
			size += CodedOutputStream.computeByteArraySize(FIRST_SEEN, w.firstSeen);
		}
		w.size = size;
		return w;
	}

	private static void write(CodedOutputStream o, KeyedEvent e, Written w) throws IOException {
		o.writeTag(EVENTS, BinaryFrame.LENGTH_DELIMITED);
		o.writeUInt32NoTag(w.size);
		o.writeUInt32(PIPELINE, w.pipeline);
		o.writeUInt32(KEY, w.key);
		o.writeString(EVENT_ID, e.eventId());
		o.writeString(INGEST_ID, e.ingestId());
		BinaryFrame.writeInstant(o, EVENT_TIME_SECONDS, EVENT_TIME_NANOS, e.eventTime());
		int v = 0;
		for (Object value : e.values().values()) {
			o.writeTag(VALUES, BinaryFrame.LENGTH_DELIMITED);
			o.writeUInt32NoTag(w.valueSizes[v]);
			o.writeUInt32(NAME, w.names[v]);
			if (w.json[v] != null) {
				o.writeByteArray(JSON, w.json[v]);
			}
			else {
				switch (value) {
					case null -> o.writeBool(NULL, true);
					case String s -> o.writeString(TEXT, s);
					case Long l -> o.writeSInt64(WHOLE, l);
					case Integer x -> o.writeSInt64(WHOLE, x);
					case Double d -> o.writeDouble(DECIMAL, d);
					case Boolean b -> o.writeBool(FLAG, b);
					default -> throw new IllegalStateException("a value of " + value.getClass() + " without its JSON");
				}
			}
			v++;
		}
		if (e.ingestTime() != null) {
			BinaryFrame.writeInstant(o, INGEST_TIME_SECONDS, INGEST_TIME_NANOS, e.ingestTime());
		}
		if (w.apiKey >= 0) {
			o.writeUInt32(API_KEY, w.apiKey);
		}
		if (w.firstSeen != null) {
			o.writeByteArray(FIRST_SEEN, w.firstSeen);
		}
	}

	private static <T> T required(@Nullable T value, String name) {
		if (value == null) {
			throw new IllegalArgumentException("Cannot serialise KeyedBatch: an event without its " + name);
		}
		return value;
	}

	static KeyedBatch read(byte[] payload) {
		CodedInputStream in = BinaryFrame.body(payload, BinaryFrame.KEYED, TYPE);
		BinaryFrame.ReadStrings strings = new BinaryFrame.ReadStrings();
		List<KeyedEvent> events = new ArrayList<>();
		List<StreamProgress> progress = new ArrayList<>(0);
		List<StreamTime> streamTimes = new ArrayList<>(1);
		int partition = 0;
		try {
			for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
				switch (tag) {
					case (PARTITION << 3) | BinaryFrame.VARINT -> partition = in.readUInt32();
					case (STRINGS << 3) | BinaryFrame.LENGTH_DELIMITED -> strings.add(in.readStringRequireUtf8());
					case (EVENTS << 3) | BinaryFrame.LENGTH_DELIMITED -> events.add(event(in, payload, strings));
					case (PROGRESS << 3) | BinaryFrame.LENGTH_DELIMITED ->
						progress.add(BinaryFrame.readJson(in, payload, StreamProgress.class, TYPE));
					case (STREAM_TIMES << 3) | BinaryFrame.LENGTH_DELIMITED ->
						streamTimes.add(BinaryFrame.readJson(in, payload, StreamTime.class, TYPE));
					default -> in.skipField(tag);
				}
			}
		}
		catch (IOException ex) {
			throw BinaryFrame.malformed(TYPE, ex);
		}
		if (partition < 0) {
			throw BinaryFrame.malformed(TYPE, "partition " + Integer.toUnsignedString(partition));
		}
		return new KeyedBatch(partition, events, progress, streamTimes);
	}

	// the strings of a message come before its events (the writer writes them first); an event that
	// refers to one not read yet is malformed
	private static KeyedEvent event(CodedInputStream in, byte[] payload, BinaryFrame.ReadStrings strings)
			throws IOException {
		int length = in.readRawVarint32();
		int limit = in.pushLimit(length);
		int pipeline = 0;
		int key = 0;
		String eventId = "";
		String ingestId = "";
		long eventSeconds = 0;
		int eventNanos = 0;
		long ingestSeconds = 0;
		int ingestNanos = 0;
		boolean ingestTime = false;
		String apiKey = null;
		FirstSeenInput firstSeen = null;
		// made at the first value: an event of a pipeline that aggregates no field carries none
		LinkedHashMap<String, Object> values = null;
		for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
			switch (tag) {
				case (PIPELINE << 3) | BinaryFrame.VARINT -> pipeline = in.readUInt32();
				case (KEY << 3) | BinaryFrame.VARINT -> key = in.readUInt32();
				case (EVENT_ID << 3) | BinaryFrame.LENGTH_DELIMITED -> eventId = in.readStringRequireUtf8();
				case (INGEST_ID << 3) | BinaryFrame.LENGTH_DELIMITED -> ingestId = in.readStringRequireUtf8();
				case (EVENT_TIME_SECONDS << 3) | BinaryFrame.VARINT -> eventSeconds = in.readSInt64();
				case (EVENT_TIME_NANOS << 3) | BinaryFrame.VARINT -> eventNanos = in.readUInt32();
				case (VALUES << 3) | BinaryFrame.LENGTH_DELIMITED -> {
					if (values == null) {
						values = new LinkedHashMap<>();
					}
					value(in, payload, strings, values);
				}
				case (INGEST_TIME_SECONDS << 3) | BinaryFrame.VARINT -> {
					ingestSeconds = in.readSInt64();
					ingestTime = true;
				}
				case (INGEST_TIME_NANOS << 3) | BinaryFrame.VARINT -> ingestNanos = in.readUInt32();
				case (API_KEY << 3) | BinaryFrame.VARINT -> apiKey = strings.get(in.readUInt32(), TYPE, "an event's API key");
				case (FIRST_SEEN << 3) | BinaryFrame.LENGTH_DELIMITED ->
					firstSeen = BinaryFrame.readJson(in, payload, FirstSeenInput.class, TYPE);
				default -> in.skipField(tag);
			}
		}
		in.popLimit(limit);
		return new KeyedEvent(strings.get(pipeline, TYPE, "an event's pipeline"), strings.get(key, TYPE, "an event's key"),
				eventId, ingestId,
				BinaryFrame.instant(eventSeconds, eventNanos, TYPE, "eventTime"),
				(values == null) ? Map.of() : DataMaps.adopt(values),
				ingestTime ? BinaryFrame.instant(ingestSeconds, ingestNanos, TYPE, "ingestTime") : null, apiKey,
				firstSeen);
	}

	private static void value(CodedInputStream in, byte[] payload, BinaryFrame.ReadStrings strings,
			Map<String, Object> values) throws IOException {
		int length = in.readRawVarint32();
		int limit = in.pushLimit(length);
		int nameIndex = 0;
		Object value = null;
		boolean given = false;
		for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
			switch (tag) {
				case (NAME << 3) | BinaryFrame.VARINT -> nameIndex = in.readUInt32();
				case (TEXT << 3) | BinaryFrame.LENGTH_DELIMITED -> value = in.readStringRequireUtf8();
				case (WHOLE << 3) | BinaryFrame.VARINT -> value = in.readSInt64();
				case (DECIMAL << 3) | BinaryFrame.FIXED64 -> value = in.readDouble();
				case (FLAG << 3) | BinaryFrame.VARINT -> value = in.readBool();
				case (NULL << 3) | BinaryFrame.VARINT -> {
					in.readBool();
					value = null;
				}
				case (JSON << 3) | BinaryFrame.LENGTH_DELIMITED -> {
					int size = in.readRawVarint32();
					int at = BinaryFrame.HEADER_LENGTH + in.getTotalBytesRead();
					in.skipRawBytes(size);
					value = readJsonValue(payload, at, size);
				}
				default -> {
					in.skipField(tag);
					continue;
				}
			}
			given |= tag != ((NAME << 3) | BinaryFrame.VARINT);
		}
		in.popLimit(limit);
		if (!given) {
			throw BinaryFrame.malformed(TYPE, "a value lacks its value");
		}
		String name = strings.get(nameIndex, TYPE, "a value's name");
		if (values.containsKey(name)) {
			throw BinaryFrame.malformed(TYPE, "the value '" + name + "' is given twice");
		}
		values.put(name, value);
	}

	private static @Nullable Object readJsonValue(byte[] payload, int at, int size) {
		try {
			return WireFormat.mapper().readerFor(Object.class).readValue(payload, at, size);
		}
		catch (JacksonException ex) {
			throw BinaryFrame.malformed(TYPE, "a value: " + ex.getOriginalMessage());
		}
	}

	/** What writing one event needs worked out first: string indexes, sizes, values kept as JSON. */
	private static final class Written {

		int pipeline;

		int key;

		int apiKey;

		int[] names = new int[0];

		int[] valueSizes = new int[0];

		@Nullable
		byte[][] json = new byte[0][];

		byte @Nullable [] firstSeen;

		int size;

	}

}
