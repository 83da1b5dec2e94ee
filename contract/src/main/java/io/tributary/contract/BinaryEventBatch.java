package io.tributary.contract;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * An {@link EventBatch} in the binary form of the internal hops ({@link BinaryFrame}): the envelope
 * of every event (ids, stream, instants) as protobuf fields, and the events' data as the JSON objects
 * they are, one after another in one field, so that ingestion copies the bytes a publisher sent and
 * processing reads them with one JSON parser, building only the fields it projects. The body:
 *
 * <pre>
 * message EventBatch {
 *   repeated string strings = 1;   // the streams, referred to by index in order of first use
 *   repeated Event events = 2;
 *   repeated bytes progress = 3;   // each a StreamProgress as the wire format's JSON
 *   bytes data = 4;                // every event's data object, UTF-8 JSON, in the events' order
 * }
 * message Event {
 *   string id = 1;
 *   string ingest_id = 2;
 *   uint32 stream = 3;             // index into strings
 *   sint64 event_time_seconds = 4;
 *   uint32 event_time_nanos = 5;   // left out when 0
 *   sint64 ingest_time_seconds = 6;
 *   uint32 ingest_time_nanos = 7;  // left out when 0
 *   uint32 data_length = 8;        // how many bytes of data this event's object takes
 *   bytes redrive = 9;             // a Redrive as the wire format's JSON; absent when not redriven
 * }
 * </pre>
 *
 * Proto3: a field left out reads as its default (0, the empty string). An event read from it holds
 * what the JSON message's reading holds (the same data values, numbers as longs and doubles);
 * unknown fields are skipped, a malformed message is an {@link IllegalArgumentException} naming
 * {@code EventBatch}.
 */
final class BinaryEventBatch {

	private static final String TYPE = "EventBatch";

	private static final int STRINGS = 1;

	private static final int EVENTS = 2;

	private static final int PROGRESS = 3;

	private static final int DATA = 4;

	private static final int ID = 1;

	private static final int INGEST_ID = 2;

	private static final int STREAM = 3;

	private static final int EVENT_TIME_SECONDS = 4;

	private static final int EVENT_TIME_NANOS = 5;

	private static final int INGEST_TIME_SECONDS = 6;

	private static final int INGEST_TIME_NANOS = 7;

	private static final int DATA_LENGTH = 8;

	private static final int REDRIVE = 9;

	// read from a parser over all the events' data: the next object follows, which is not an error
	private static final ObjectReader VALUE = WireFormat.mapper()
		.readerFor(Object.class)
		.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private BinaryEventBatch() {
	}

	static byte[] write(EventBatch batch) {
		List<Event> events = batch.events();
		int n = events.size();
		BinaryFrame.StringTable strings = new BinaryFrame.StringTable();
		int[] streams = new int[n];
		byte[][] dataBytes = new byte[n][];
		int[] dataOffsets = new int[n];
		int[] dataLengths = new int[n];
		byte[][] redrives = new byte[n][];
		int[] sizes = new int[n];
		long total = 0;
		long dataTotal = 0;
		for (int i = 0; i < n; i++) {
			Event e = events.get(i);
			streams[i] = strings.index(e.stream());
			JsonObjectData json = asJson(e.data());
			if (json != null) {
				dataBytes[i] = json.source();
				dataOffsets[i] = json.offset();
				dataLengths[i] = json.length();
			}
			else {
				dataBytes[i] = WireFormat.write(e.data());
				dataLengths[i] = dataBytes[i].length;
			}
			int size = CodedOutputStream.computeStringSize(ID, e.id())
					+ CodedOutputStream.computeStringSize(INGEST_ID, e.ingestId())
					+ CodedOutputStream.computeUInt32Size(STREAM, streams[i])
					+ BinaryFrame.instantSize(EVENT_TIME_SECONDS, EVENT_TIME_NANOS, e.eventTime())
					+ BinaryFrame.instantSize(INGEST_TIME_SECONDS, INGEST_TIME_NANOS, e.ingestTime())
					+ CodedOutputStream.computeUInt32Size(DATA_LENGTH, dataLengths[i]);
			if (e.redrive() != null) {
				redrives[i] = BinaryFrame.json(e.redrive());
				size += CodedOutputStream.computeByteArraySize(REDRIVE, redrives[i]);
			}
			sizes[i] = size;
			total += CodedOutputStream.computeTagSize(EVENTS) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
			dataTotal += dataLengths[i];
		}
		byte[][] progress = BinaryFrame.json(batch.progress());
		total += BinaryFrame.size(PROGRESS, progress);
		total += strings.size(STRINGS);
		if (n > 0) {
			total += CodedOutputStream.computeTagSize(DATA) + CodedOutputStream.computeUInt32SizeNoTag((int) dataTotal)
					+ dataTotal;
		}
		if (BinaryFrame.HEADER_LENGTH + total > Integer.MAX_VALUE - 16) {
			throw new IllegalArgumentException("Cannot serialise EventBatch: " + total + " bytes");
		}
		byte[] out = new byte[BinaryFrame.HEADER_LENGTH + (int) total];
		BinaryFrame.header(out, BinaryFrame.EVENTS);
		CodedOutputStream o = CodedOutputStream.newInstance(out, BinaryFrame.HEADER_LENGTH, (int) total);
		try {
			strings.write(o, STRINGS);
			for (int i = 0; i < n; i++) {
				Event e = events.get(i);
				o.writeTag(EVENTS, BinaryFrame.LENGTH_DELIMITED);
				o.writeUInt32NoTag(sizes[i]);
				o.writeString(ID, e.id());
				o.writeString(INGEST_ID, e.ingestId());
				o.writeUInt32(STREAM, streams[i]);
				BinaryFrame.writeInstant(o, EVENT_TIME_SECONDS, EVENT_TIME_NANOS, e.eventTime());
				BinaryFrame.writeInstant(o, INGEST_TIME_SECONDS, INGEST_TIME_NANOS, e.ingestTime());
				o.writeUInt32(DATA_LENGTH, dataLengths[i]);
				if (redrives[i] != null) {
					o.writeByteArray(REDRIVE, redrives[i]);
				}
			}
			BinaryFrame.write(o, PROGRESS, progress);
			if (n > 0) {
				o.writeTag(DATA, BinaryFrame.LENGTH_DELIMITED);
				o.writeUInt32NoTag((int) dataTotal);
				for (int i = 0; i < n; i++) {
					o.writeRawBytes(dataBytes[i], dataOffsets[i], dataLengths[i]);
				}
			}
			o.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot serialise EventBatch: " + ex.getMessage(), ex);
		}
		return out;
	}

	/** The data as the JSON object bytes it was read from, when it is kept so. */
	private static @Nullable JsonObjectData asJson(Map<String, Object> data) {
		if (data instanceof JsonObjectData json) {
			return json;
		}
		if (data instanceof ProjectedData projected) {
			return projected.json();
		}
		return null;
	}

	/**
	 * Reads a binary event batch; of the data of a stream the projection reads in part, only the
	 * projected fields are built, and the rest is read from {@code payload} when asked for (so the
	 * caller must not change the array).
	 */
	static EventBatch read(byte[] payload, DataProjection projection) {
		CodedInputStream in = BinaryFrame.body(payload, BinaryFrame.EVENTS, TYPE);
		BinaryFrame.ReadStrings strings = new BinaryFrame.ReadStrings();
		List<Envelope> envelopes = new ArrayList<>();
		List<StreamProgress> progress = new ArrayList<>(0);
		int dataStart = -1;
		int dataLength = 0;
		try {
			for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
				switch (tag) {
					case (STRINGS << 3) | BinaryFrame.LENGTH_DELIMITED -> strings.add(in.readStringRequireUtf8());
					case (EVENTS << 3) | BinaryFrame.LENGTH_DELIMITED -> envelopes.add(envelope(in, payload));
					case (PROGRESS << 3) | BinaryFrame.LENGTH_DELIMITED ->
						progress.add(BinaryFrame.readJson(in, payload, StreamProgress.class, TYPE));
					case (DATA << 3) | BinaryFrame.LENGTH_DELIMITED -> {
						if (dataStart >= 0) {
							throw BinaryFrame.malformed(TYPE, "data is given twice");
						}
						dataLength = in.readRawVarint32();
						dataStart = BinaryFrame.HEADER_LENGTH + in.getTotalBytesRead();
						in.skipRawBytes(dataLength);
					}
					default -> in.skipField(tag);
				}
			}
		}
		catch (IOException ex) {
			throw BinaryFrame.malformed(TYPE, ex);
		}
		long declared = 0;
		for (Envelope e : envelopes) {
			declared += e.dataLength;
		}
		if (envelopes.isEmpty() ? dataLength != 0 : (dataStart < 0 || declared != dataLength)) {
			throw BinaryFrame.malformed(TYPE, "the events' data take " + declared + " bytes, the data field holds "
					+ dataLength);
		}
		List<Event> events = new ArrayList<>(envelopes.size());
		if (!envelopes.isEmpty()) {
			readData(payload, dataStart, dataLength, envelopes, strings, projection, events);
		}
		return new EventBatch(events, progress);
	}

	private static void readData(byte[] payload, int dataStart, int dataLength, List<Envelope> envelopes,
			BinaryFrame.ReadStrings strings, DataProjection projection, List<Event> events) {
		try (JsonParser p = WireFormat.mapper().createParser(payload, dataStart, dataLength)) {
			SharedStrings shared = new SharedStrings();
			int at = 0;
			for (Envelope e : envelopes) {
				String stream = strings.get(e.stream, TYPE, "an event's stream");
				if (p.nextToken() != JsonToken.START_OBJECT || p.currentTokenLocation().getByteOffset() != at) {
					throw BinaryFrame.malformed(TYPE, "event data at byte " + at + " of the data is not a JSON object");
				}
				DataProjection.Fields fields = projection.indexed(stream);
				Map<String, Object> data = (fields == null) ? DataMaps.adopt(whole(p))
						: projected(p, fields, payload, dataStart + at, e.dataLength, shared);
				if (p.currentToken() != JsonToken.END_OBJECT
						|| p.currentTokenLocation().getByteOffset() != at + e.dataLength - 1) {
					throw BinaryFrame.malformed(TYPE, "event data at byte " + at + " of the data does not end after "
							+ e.dataLength + " bytes");
				}
				at += e.dataLength;
				try {
					events.add(new Event(e.id, e.ingestId, stream, e.eventTime, e.ingestTime, data, e.redrive));
				}
				catch (RuntimeException ex) {
					throw BinaryFrame.malformed(TYPE, "an event: " + ex.getMessage());
				}
			}
			if (p.nextToken() != null) {
				throw BinaryFrame.malformed(TYPE, "the data holds more than the events' objects");
			}
		}
		catch (JacksonException ex) {
			throw BinaryFrame.malformed(TYPE, "event data: " + ex.getOriginalMessage());
		}
	}

	/**
	 * The object at the parser, read whole as the wire format reads event data (in its order, a
	 * repeated name's last value); ends at its END_OBJECT.
	 */
	private static LinkedHashMap<String, Object> whole(JsonParser p) {
		LinkedHashMap<String, Object> values = new LinkedHashMap<>();
		for (String name = p.nextName(); name != null; name = p.nextName()) {
			values.put(name, value(p, p.nextToken()));
		}
		return values;
	}

	/** The projected fields of the object at the parser, the rest skipped; ends at its END_OBJECT. */
	private static Map<String, Object> projected(JsonParser p, DataProjection.Fields fields, byte[] payload,
			int offset, int length, SharedStrings shared) {
		Object[] values = ProjectedData.absent(fields);
		for (String name = p.nextName(); name != null; name = p.nextName()) {
			JsonToken token = p.nextToken();
			int index = fields.indexOf(name);
			if (index >= 0) {
				values[index] = (token == JsonToken.VALUE_STRING) ? shared.of(p) : value(p, token);
			}
			else {
				p.skipChildren();
			}
		}
		return new ProjectedData(fields, values, payload, offset, length);
	}

	/**
	 * One value as the wire format reads an untyped value (integers as longs, decimals as doubles,
	 * objects and arrays as maps and lists); the parser is left after it.
	 */
	private static @Nullable Object value(JsonParser p, JsonToken token) {
		return switch (token) {
			case VALUE_STRING -> p.getString();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			case VALUE_NUMBER_INT -> (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) ? p.getBigIntegerValue()
					: (Object) p.getLongValue();
			default -> VALUE.readValue(p);
		};
	}

	/**
	 * The projected string values of one message's events, equal ones as one {@code String}: the fields a
	 * pipeline reads (a type, a key, an id to look up) repeat across events, and a string made once
	 * per message is garbage the collector does not copy. A small table indexed by the value's hash
	 * holds the latest string of each slot, so it is bounded whatever the values; long ones are not
	 * kept.
	 */
	static final class SharedStrings {

		private static final int SLOTS = 256;

		private static final int LONGEST = 64;

		private final @Nullable String[] table = new String[SLOTS];

		/** The string value at the parser. */
		String of(JsonParser p) {
			int length = p.getStringLength();
			if (length > LONGEST) {
				return p.getString();
			}
			char[] chars = p.getStringCharacters();
			int offset = p.getStringOffset();
			int hash = 0;
			for (int i = 0; i < length; i++) {
				hash = 31 * hash + chars[offset + i];
			}
			int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
			String held = this.table[slot];
			if (held != null && held.length() == length && held.hashCode() == hash) {
				boolean same = true;
				for (int i = 0; i < length && same; i++) {
					same = held.charAt(i) == chars[offset + i];
				}
				if (same) {
					return held;
				}
			}
			String made = new String(chars, offset, length);
			this.table[slot] = made;
			return made;
		}

	}

	private static Envelope envelope(CodedInputStream in, byte[] payload) throws IOException {
		int length = in.readRawVarint32();
		int limit = in.pushLimit(length);
		Envelope e = new Envelope();
		long eventSeconds = 0;
		int eventNanos = 0;
		long ingestSeconds = 0;
		int ingestNanos = 0;
		for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
			switch (tag) {
				case (ID << 3) | BinaryFrame.LENGTH_DELIMITED -> e.id = in.readStringRequireUtf8();
				case (INGEST_ID << 3) | BinaryFrame.LENGTH_DELIMITED -> e.ingestId = in.readStringRequireUtf8();
				case (STREAM << 3) | BinaryFrame.VARINT -> e.stream = in.readUInt32();
				case (EVENT_TIME_SECONDS << 3) | BinaryFrame.VARINT -> eventSeconds = in.readSInt64();
				case (EVENT_TIME_NANOS << 3) | BinaryFrame.VARINT -> eventNanos = in.readUInt32();
				case (INGEST_TIME_SECONDS << 3) | BinaryFrame.VARINT -> ingestSeconds = in.readSInt64();
				case (INGEST_TIME_NANOS << 3) | BinaryFrame.VARINT -> ingestNanos = in.readUInt32();
				case (DATA_LENGTH << 3) | BinaryFrame.VARINT -> e.dataLength = in.readUInt32();
				case (REDRIVE << 3) | BinaryFrame.LENGTH_DELIMITED ->
					e.redrive = BinaryFrame.readJson(in, payload, Redrive.class, TYPE);
				default -> in.skipField(tag);
			}
		}
		in.popLimit(limit);
		if (e.dataLength < 2) {
			throw BinaryFrame.malformed(TYPE, "an event's data takes " + Integer.toUnsignedString(e.dataLength)
					+ " bytes; a JSON object takes at least 2");
		}
		e.eventTime = BinaryFrame.instant(eventSeconds, eventNanos, TYPE, "eventTime");
		e.ingestTime = BinaryFrame.instant(ingestSeconds, ingestNanos, TYPE, "ingestTime");
		return e;
	}

	/** An event's fields read before its data. */
	private static final class Envelope {

		String id = "";

		String ingestId = "";

		int stream;

		@Nullable
		Instant eventTime;

		@Nullable
		Instant ingestTime;

		int dataLength;

		@Nullable
		Redrive redrive;

	}

}
