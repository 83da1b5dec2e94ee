package io.tributary.contract;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.SerializableString;

/**
 * An event's data kept as the UTF-8 bytes of the JSON object it was read from, as ingestion read it
 * from a request body: the wire format's JSON writer copies those bytes into the message instead of
 * writing the object again from a map ({@link WireOutput#map}), which is most of what encoding an
 * event costs. As a map it answers what the fully read object holds, read from the bytes the first
 * time it is asked (the same read processing makes of the message); immutable, like every event's
 * data, and safe to share between threads (the object may then be read twice, to the same map).
 * <p>
 * The bytes must hold exactly one JSON object, already parsed whole by whoever made this (so valid,
 * without duplicate names): they go into messages unchanged. Only the range is kept, not a copy;
 * the array must not change afterwards.
 */
public final class JsonObjectData extends AbstractMap<String, Object> {

	private final byte[] source;

	private final int offset;

	private final int length;

	private volatile @Nullable Map<String, Object> whole;

	/**
	 * @param source UTF-8 JSON holding the object at {@code offset} for {@code length} bytes
	 * @throws IllegalArgumentException when the range is outside the array, or does not start with
	 *                                  '{' and end with '}'
	 */
	public JsonObjectData(byte[] source, int offset, int length) {
		requireObject(source, offset, length);
		this.source = source;
		this.offset = offset;
		this.length = length;
	}

	/** @throws IllegalArgumentException unless the range is inside the array and starts with '{' and ends with '}' */
	static void requireObject(byte[] source, int offset, int length) {
		if (offset < 0 || length < 2 || offset > source.length - length || source[offset] != '{'
				|| source[offset + length - 1] != '}') {
			throw new IllegalArgumentException("bytes " + offset + " to " + (offset + length)
					+ " of " + source.length + " are not a JSON object's '{' ... '}'");
		}
	}

	@Override
	public @Nullable Object get(Object key) {
		return whole().get(key);
	}

	@Override
	public boolean containsKey(Object key) {
		return whole().containsKey(key);
	}

	@Override
	public int size() {
		return whole().size();
	}

	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		return whole().entrySet();
	}

	/** The array holding the object's bytes (not a copy: it must not change). */
	byte[] source() {
		return this.source;
	}

	/** Where the object starts in {@link #source()}. */
	int offset() {
		return this.offset;
	}

	/** How many bytes the object takes. */
	int length() {
		return this.length;
	}

	/** Whether the object has been read into a map yet. */
	boolean isRead() {
		return this.whole != null;
	}

	/** The object's bytes, for a JSON generator to write as they are (they are copied when written). */
	SerializableString asRawJson() {
		return new RawBytes(this.source, this.offset, this.length);
	}

	/** The object read whole, the first time it is wanted. */
	private Map<String, Object> whole() {
		Map<String, Object> map = this.whole;
		if (map == null) {
			map = DataMaps.adopt(read(this.source, this.offset, this.length));
			this.whole = map;
		}
		return map;
	}

	/** The JSON object at the range as the wire format reads event data, in its order, nulls kept. */
	@SuppressWarnings("unchecked")
	private static LinkedHashMap<String, Object> read(byte[] source, int offset, int length) {
		try {
			return WireFormat.mapper().readerFor(LinkedHashMap.class).readValue(source, offset, length);
		}
		catch (JacksonException ex) {
			// the bytes were read once already, as the same JSON
			throw new IllegalStateException("Cannot re-read event data: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * A range of UTF-8 bytes as the unquoted text a generator's {@code writeRawValue} copies into its
	 * buffer (or, when it does not fit there, writes from a copy). For raw writes only: the quoted
	 * forms are not offered.
	 */
	private record RawBytes(byte[] bytes, int offset, int length) implements SerializableString {

		@Override
		public String getValue() {
			return new String(this.bytes, this.offset, this.length, StandardCharsets.UTF_8);
		}

		@Override
		public int charLength() {
			return getValue().length();
		}

		@Override
		public byte[] asUnquotedUTF8() {
			return Arrays.copyOfRange(this.bytes, this.offset, this.offset + this.length);
		}

		@Override
		public int appendUnquotedUTF8(byte[] buffer, int bufferOffset) {
			if (bufferOffset + this.length > buffer.length) {
				return -1;
			}
			System.arraycopy(this.bytes, this.offset, buffer, bufferOffset, this.length);
			return this.length;
		}

		@Override
		public int appendUnquoted(char[] buffer, int bufferOffset) {
			String value = getValue();
			if (bufferOffset + value.length() > buffer.length) {
				return -1;
			}
			value.getChars(0, value.length(), buffer, bufferOffset);
			return value.length();
		}

		@Override
		public int writeUnquotedUTF8(OutputStream out) throws IOException {
			out.write(this.bytes, this.offset, this.length);
			return this.length;
		}

		@Override
		public int putUnquotedUTF8(ByteBuffer buffer) {
			if (this.length > buffer.remaining()) {
				return -1;
			}
			buffer.put(this.bytes, this.offset, this.length);
			return this.length;
		}

		@Override
		public char[] asQuotedChars() {
			throw quoted();
		}

		@Override
		public byte[] asQuotedUTF8() {
			throw quoted();
		}

		@Override
		public int appendQuotedUTF8(byte[] buffer, int bufferOffset) {
			throw quoted();
		}

		@Override
		public int appendQuoted(char[] buffer, int bufferOffset) {
			throw quoted();
		}

		@Override
		public int writeQuotedUTF8(OutputStream out) {
			throw quoted();
		}

		@Override
		public int putQuotedUTF8(ByteBuffer buffer) {
			throw quoted();
		}

		private static UnsupportedOperationException quoted() {
			return new UnsupportedOperationException("a JSON object's raw bytes are written as they are, not quoted");
		}

	}

}
