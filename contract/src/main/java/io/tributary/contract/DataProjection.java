package io.tributary.contract;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which fields of each stream's event data a reader of {@link EventBatch} messages looks at, so that
 * {@link WireFormat#read(byte[], DataProjection)} builds only those values and skips the others'
 * text. A projection changes what is read, never what an event holds: the data of a projected event
 * answers any other field, its size, its iteration and its equality by reading the whole object
 * from the message then (a dead letter's copy does, for one), so an incomplete projection costs time,
 * not correctness.
 */
public final class DataProjection {

	private static final DataProjection ALL = new DataProjection(Map.of());

	private final Map<String, Set<String>> fieldsByStream;

	private final Map<String, Fields> indexedByStream;

	private DataProjection(Map<String, Set<String>> fieldsByStream) {
		this.fieldsByStream = fieldsByStream;
		Map<String, Fields> indexed = new HashMap<>();
		fieldsByStream.forEach((stream, fields) -> indexed.put(stream, new Fields(fields)));
		this.indexedByStream = Map.copyOf(indexed);
	}

	/** Every field of every stream: no projection. */
	public static DataProjection all() {
		return ALL;
	}

	/**
	 * @param fieldsByStream per stream, the top-level data fields read; a stream not named is read
	 *                       whole
	 */
	public static DataProjection of(Map<String, Set<String>> fieldsByStream) {
		return fieldsByStream.isEmpty() ? ALL : new DataProjection(Map.copyOf(fieldsByStream));
	}

	/** The fields read of the stream's data, or null when all of it is read. */
	public @Nullable Set<String> fields(String stream) {
		return this.fieldsByStream.get(stream);
	}

	/** The fields read of the stream's data, numbered; null when all of it is read. */
	@Nullable
	Fields indexed(String stream) {
		return this.indexedByStream.get(stream);
	}

	/** Whether any stream is read in part. */
	public boolean isPartial() {
		return !this.fieldsByStream.isEmpty();
	}

	@Override
	public String toString() {
		return this.fieldsByStream.isEmpty() ? "all fields" : this.fieldsByStream.toString();
	}

	/**
	 * The projected fields of one stream, numbered, so a reader keeps their values in an array
	 * ({@link ProjectedData}) instead of a map of its own per event.
	 */
	static final class Fields {

		/** Up to this many, a name is found by comparing it with each (cheaper than hashing it). */
		private static final int SCANNED = 8;

		private final Set<String> set;

		private final String[] names;

		private final @Nullable Map<String, Integer> indexes;

		Fields(Set<String> fields) {
			this.set = Set.copyOf(fields);
			this.names = this.set.toArray(String[]::new);
			if (this.names.length > SCANNED) {
				Map<String, Integer> indexes = new HashMap<>();
				for (int i = 0; i < this.names.length; i++) {
					indexes.put(this.names[i], i);
				}
				this.indexes = Map.copyOf(indexes);
			}
			else {
				this.indexes = null;
			}
		}

		/** The field's number, or -1 when it is not projected. */
		int indexOf(Object name) {
			if (this.indexes != null) {
				Integer index = this.indexes.get(name);
				return (index != null) ? index : -1;
			}
			String[] names = this.names;
			for (int i = 0; i < names.length; i++) {
				if (names[i].equals(name)) {
					return i;
				}
			}
			return -1;
		}

		int size() {
			return this.names.length;
		}

		Set<String> asSet() {
			return this.set;
		}

	}

}
