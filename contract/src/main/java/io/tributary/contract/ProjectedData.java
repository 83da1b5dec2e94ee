package io.tributary.contract;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An event's data of which only the projected fields were read (see {@link DataProjection}): those
 * answer at once; anything else (another field, the size, iteration, equality) reads the whole JSON
 * object from the message it came in ({@link JsonObjectData}), once, and answers from that, so the
 * map always means what the fully read map would. Immutable, like every event's data; safe to share
 * between threads (the whole map may then be read twice, to the same result).
 */
final class ProjectedData extends AbstractMap<String, Object> {

	/** A projected field the object does not have. */
	static final Object ABSENT = new Object();

	private final DataProjection.Fields fields;

	private final @Nullable Object[] values;

	private final byte[] message;

	private final int offset;

	private final int length;

	/**
	 * The whole object, made when first needed: most events are read by their projected fields only
	 * (made eagerly it was a twentieth of the bytes the processing core allocates). Racing threads may
	 * each make one, which reads to the same map.
	 */
	private @Nullable JsonObjectData whole;

	/**
	 * @param fields  the projected fields
	 * @param values  the values read of them, by number; {@link #ABSENT} for a field the object does
	 *                not have
	 * @param message the JSON the object is in, at {@code offset} for {@code length} bytes
	 */
	ProjectedData(DataProjection.Fields fields, @Nullable Object[] values, byte[] message, int offset, int length) {
		JsonObjectData.requireObject(message, offset, length);
		this.fields = fields;
		this.values = values;
		this.message = message;
		this.offset = offset;
		this.length = length;
	}

	/** Values for the fields, each {@link #ABSENT} until read. */
	static @Nullable Object[] absent(DataProjection.Fields fields) {
		Object[] values = new Object[fields.size()];
		java.util.Arrays.fill(values, ABSENT);
		return values;
	}

	/** The whole object's JSON, as it is in the message. */
	JsonObjectData json() {
		JsonObjectData whole = this.whole;
		if (whole == null) {
			whole = new JsonObjectData(this.message, this.offset, this.length);
			this.whole = whole;
		}
		return whole;
	}

	/** Whether the whole object was read, so that it answers for every field. */
	private boolean wholeRead() {
		JsonObjectData whole = this.whole;
		return whole != null && whole.isRead();
	}

	@Override
	public @Nullable Object get(Object key) {
		if (!wholeRead()) {
			int index = this.fields.indexOf(key);
			if (index >= 0) {
				Object value = this.values[index];
				return (value == ABSENT) ? null : value;
			}
		}
		return json().get(key);
	}

	@Override
	public boolean containsKey(Object key) {
		if (!wholeRead()) {
			int index = this.fields.indexOf(key);
			if (index >= 0) {
				return this.values[index] != ABSENT;
			}
		}
		return json().containsKey(key);
	}

	@Override
	public int size() {
		return json().size();
	}

	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		return json().entrySet();
	}

	/** Whether the whole object has been read (for tests: a projected field's read must not). */
	boolean hasReadWhole() {
		return wholeRead();
	}

}
