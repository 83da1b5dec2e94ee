package io.tributary.contract;

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

	private DataProjection(Map<String, Set<String>> fieldsByStream) {
		this.fieldsByStream = fieldsByStream;
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

	/** Whether any stream is read in part. */
	public boolean isPartial() {
		return !this.fieldsByStream.isEmpty();
	}

	@Override
	public String toString() {
		return this.fieldsByStream.isEmpty() ? "all fields" : this.fieldsByStream.toString();
	}

}
