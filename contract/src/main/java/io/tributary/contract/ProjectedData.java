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

	private final Map<String, Object> projected;

	private final Set<String> fields;

	private final JsonObjectData whole;

	/**
	 * @param projected the values read of the projected fields (a field absent from the object is
	 *                  absent here)
	 * @param fields    the projected fields
	 * @param message   the JSON message the object is in, at {@code offset} for {@code length} bytes
	 */
	ProjectedData(Map<String, Object> projected, Set<String> fields, byte[] message, int offset, int length) {
		this.projected = projected;
		this.fields = fields;
		this.whole = new JsonObjectData(message, offset, length);
	}

	/** The whole object's JSON, as it is in the message. */
	JsonObjectData json() {
		return this.whole;
	}

	@Override
	public @Nullable Object get(Object key) {
		if (!this.whole.isRead() && this.fields.contains(key)) {
			return this.projected.get(key);
		}
		return this.whole.get(key);
	}

	@Override
	public boolean containsKey(Object key) {
		if (!this.whole.isRead() && this.fields.contains(key)) {
			return this.projected.containsKey(key);
		}
		return this.whole.containsKey(key);
	}

	@Override
	public int size() {
		return this.whole.size();
	}

	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		return this.whole.entrySet();
	}

	/** Whether the whole object has been read (for tests: a projected field's read must not). */
	boolean hasReadWhole() {
		return this.whole.isRead();
	}

}
