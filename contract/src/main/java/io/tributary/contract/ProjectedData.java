package io.tributary.contract;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An event's data of which only the projected fields were read (see {@link DataProjection}): those
 * answer at once; anything else (another field, the size, iteration, equality) reads the whole JSON
 * object from the message it came in, once, and answers from that, so the map always means what the
 * fully read map would. Immutable, like every event's data; safe to share between threads (the whole
 * map may then be read twice, to the same result).
 */
final class ProjectedData extends AbstractMap<String, Object> {

	private final Map<String, Object> projected;

	private final Set<String> fields;

	private final byte[] message;

	private final int offset;

	private final int length;

	private volatile @Nullable Map<String, Object> whole;

	/**
	 * @param projected the values read of the projected fields (a field absent from the object is
	 *                  absent here)
	 * @param fields    the projected fields
	 * @param message   the JSON message the object is in, at {@code offset} for {@code length} bytes
	 */
	ProjectedData(Map<String, Object> projected, Set<String> fields, byte[] message, int offset, int length) {
		this.projected = projected;
		this.fields = fields;
		this.message = message;
		this.offset = offset;
		this.length = length;
	}

	@Override
	public @Nullable Object get(Object key) {
		if (this.whole == null && this.fields.contains(key)) {
			return this.projected.get(key);
		}
		return whole().get(key);
	}

	@Override
	public boolean containsKey(Object key) {
		if (this.whole == null && this.fields.contains(key)) {
			return this.projected.containsKey(key);
		}
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

	/** Whether the whole object has been read (for tests: a projected field's read must not). */
	boolean hasReadWhole() {
		return this.whole != null;
	}

	/** The whole object, read from the message the first time it is wanted. */
	private Map<String, Object> whole() {
		Map<String, Object> map = this.whole;
		if (map == null) {
			map = DataMaps.adopt(JsonObjectData.read(this.message, this.offset, this.length));
			this.whole = map;
		}
		return map;
	}

}
