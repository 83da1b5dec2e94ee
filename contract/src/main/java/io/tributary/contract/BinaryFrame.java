package io.tributary.contract;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import tools.jackson.core.JacksonException;

/**
 * What the binary messages of the internal hops ({@link BinaryEventBatch}, {@link BinaryKeyedBatch})
 * share: the header that tells them from JSON and Smile, the message's table of repeated strings,
 * instants as seconds and nanoseconds, and the few rare records they carry as JSON. The body after
 * the header is a Protocol Buffers message (the schemas are in each codec's documentation), written
 * and read with protobuf's coded streams, so any protobuf reader can decode it with the schema.
 * <p>
 * Header: {@code 0x00 'T' 'R' 'B'}, a format version (1), and the kind of message ({@code 'E'} an
 * event batch, {@code 'K'} a keyed batch). A JSON document never starts with a zero byte followed by
 * {@code T} (not even in UTF-16, where that is an uppercase T, which no JSON value starts with), and
 * Smile starts with {@code :)\n}.
 */
final class BinaryFrame {

	static final byte VERSION = 1;

	static final byte EVENTS = 'E';

	static final byte KEYED = 'K';

	static final int HEADER_LENGTH = 6;

	static final int LENGTH_DELIMITED = com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;

	static final int VARINT = com.google.protobuf.WireFormat.WIRETYPE_VARINT;

	static final int FIXED64 = com.google.protobuf.WireFormat.WIRETYPE_FIXED64;

	private BinaryFrame() {
	}

	/** Whether the payload starts with this format's header (of any version or kind). */
	static boolean isBinary(byte[] payload) {
		return payload.length >= 4 && payload[0] == 0 && payload[1] == 'T' && payload[2] == 'R' && payload[3] == 'B';
	}

	/** Writes the header of a message of this kind at the start of the array. */
	static void header(byte[] into, byte kind) {
		into[0] = 0;
		into[1] = 'T';
		into[2] = 'R';
		into[3] = 'B';
		into[4] = VERSION;
		into[5] = kind;
	}

	/**
	 * A reader of the message's body after checking its header.
	 * @throws IllegalArgumentException when the header is of another version or kind
	 */
	static CodedInputStream body(byte[] payload, byte kind, String type) {
		if (!isBinary(payload) || payload.length < HEADER_LENGTH) {
			throw malformed(type, "no binary message header");
		}
		if (payload[4] != VERSION) {
			throw malformed(type, "binary message version " + payload[4] + " is not known to this version (" + VERSION
					+ ")");
		}
		if (payload[5] != kind) {
			throw malformed(type, "a binary message of kind '" + (char) payload[5] + "', not '" + (char) kind + "'");
		}
		CodedInputStream in = CodedInputStream.newInstance(payload, HEADER_LENGTH, payload.length - HEADER_LENGTH);
		in.enableAliasing(true);
		return in;
	}

	static IllegalArgumentException malformed(String type, String why) {
		return new IllegalArgumentException("Malformed " + type + ": " + why);
	}

	static IllegalArgumentException malformed(String type, IOException ex) {
		return new IllegalArgumentException("Malformed " + type + ": " + ex.getMessage(), ex);
	}

	/** The size of an instant written by {@link #writeInstant} as the two fields given. */
	static int instantSize(int secondsField, int nanosField, Instant value) {
		int size = CodedOutputStream.computeSInt64Size(secondsField, value.getEpochSecond());
		return (value.getNano() == 0) ? size : size + CodedOutputStream.computeUInt32Size(nanosField, value.getNano());
	}

	/** An instant as its epoch seconds and, when not zero, its nanoseconds. */
	static void writeInstant(CodedOutputStream out, int secondsField, int nanosField, Instant value)
			throws IOException {
		out.writeSInt64(secondsField, value.getEpochSecond());
		if (value.getNano() != 0) {
			out.writeUInt32(nanosField, value.getNano());
		}
	}

	/** The instant of seconds and nanoseconds read, or a malformed message when they are not one. */
	static Instant instant(long seconds, int nanos, String type, String field) {
		if (nanos < 0 || nanos > 999_999_999) {
			throw malformed(type, field + " has " + Integer.toUnsignedString(nanos) + " nanoseconds");
		}
		try {
			return Instant.ofEpochSecond(seconds, nanos);
		}
		catch (RuntimeException ex) {
			throw malformed(type, field + " is outside the instants Java holds");
		}
	}

	/** A record as the wire format's JSON (for the rare parts of a message: redrives, markers). */
	static byte[] json(Object value) {
		return WireFormat.write(value);
	}

	/** Records as the wire format's JSON, for a repeated bytes field. */
	static byte[][] json(List<?> records) {
		byte[][] json = new byte[records.size()][];
		for (int i = 0; i < json.length; i++) {
			json[i] = json(records.get(i));
		}
		return json;
	}

	/** The size of a repeated bytes field of these values. */
	static int size(int field, byte[][] values) {
		int size = 0;
		for (byte[] value : values) {
			size += CodedOutputStream.computeByteArraySize(field, value);
		}
		return size;
	}

	/** Writes a repeated bytes field of these values. */
	static void write(CodedOutputStream out, int field, byte[][] values) throws IOException {
		for (byte[] value : values) {
			out.writeByteArray(field, value);
		}
	}

	/**
	 * The record in the wire format's JSON of the length-delimited field whose tag was just read; the
	 * reader is left after it.
	 */
	static <T> T readJson(CodedInputStream in, byte[] payload, Class<T> type, String messageType) throws IOException {
		int length = in.readRawVarint32();
		int at = HEADER_LENGTH + in.getTotalBytesRead();
		in.skipRawBytes(length);
		return json(payload, at, length, type, messageType);
	}

	/** A record from the wire format's JSON; a malformed one fails as the message's type. */
	static <T> T json(byte[] bytes, int offset, int length, Class<T> type, String messageType) {
		try {
			return WireFormat.mapper().readerFor(type).readValue(bytes, offset, length);
		}
		catch (JacksonException ex) {
			throw malformed(messageType, type.getSimpleName() + ": " + ex.getOriginalMessage());
		}
	}

	/**
	 * The strings a message repeats (streams, pipelines, keys, API keys), each written once and
	 * referred to by its index in order of first use.
	 */
	static final class StringTable {

		private final Map<String, Integer> indexes = new HashMap<>();

		private final List<String> strings = new ArrayList<>();

		int index(String value) {
			Integer index = this.indexes.get(value);
			if (index == null) {
				index = this.strings.size();
				this.indexes.put(value, index);
				this.strings.add(value);
			}
			return index;
		}

		int size(int field) {
			int size = 0;
			for (String s : this.strings) {
				size += CodedOutputStream.computeStringSize(field, s);
			}
			return size;
		}

		void write(CodedOutputStream out, int field) throws IOException {
			for (String s : this.strings) {
				out.writeString(field, s);
			}
		}

	}

	/** The strings of a message being read, in order. */
	static final class ReadStrings {

		private String[] strings = new String[4];

		private int size;

		void add(String value) {
			if (this.size == this.strings.length) {
				this.strings = Arrays.copyOf(this.strings, this.size * 2);
			}
			this.strings[this.size++] = value;
		}

		/** The string at an index the message gave, or a malformed message when it has none there. */
		String get(int index, String type, String field) {
			if (index < 0 || index >= this.size) {
				throw malformed(type, field + " refers to string " + Integer.toUnsignedString(index) + " of "
						+ this.size);
			}
			return this.strings[index];
		}

	}

}
