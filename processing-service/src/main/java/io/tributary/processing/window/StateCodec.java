package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.contract.JsonText;
import io.tributary.contract.WireFormat;
import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;

/**
 * The strings a checkpoint stores in Redis. Hash field names are injective for any pipeline and key
 * text (length-prefixed, so '|' and ':' in keys are harmless); values are compact JSON, or a
 * delimited form for dedup entries, which are written once per event and must be cheap.
 */
final class StateCodec {

	private StateCodec() {
	}

	// --- windows ---------------------------------------------------------------------------------------

	/** {@code <pipeline length>|<pipeline>|<start>|<end>|<key>}. */
	static String windowField(String pipeline, String key, TimeWindow window) {
		return new StringBuilder(pipeline.length() + key.length() + 40).append(pipeline.length())
			.append('|')
			.append(pipeline)
			.append('|')
			.append(window.startMillis())
			.append('|')
			.append(window.endMillis())
			.append('|')
			.append(key)
			.toString();
	}

	/**
	 * A window's stored state; accumulators by metric name, so adding a metric keeps open windows.
	 * {@code emitted} and {@code toRetract} ({@code [start, end, revision]} each) are the session
	 * bookkeeping of {@link WindowState}: left out when null, and null in records written before them.
	 */
	record WindowRecord(@JsonProperty("p") String pipeline, @JsonProperty("k") String key,
			@JsonProperty("s") long start, @JsonProperty("e") long end, @JsonProperty("r") long revision,
			@JsonProperty("f") boolean fired, @JsonProperty("c") boolean changed, @JsonProperty("n") long events,
			@JsonProperty("d") long duplicates, @JsonProperty("i") long invalidValues,
			@JsonProperty("a") Map<String, @Nullable Object> accumulators,
			@JsonProperty("m") @JsonInclude(JsonInclude.Include.NON_NULL) long @Nullable [] emitted,
			@JsonProperty("x") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<long[]> toRetract) {
	}

	/**
	 * The JSON Jackson writes for the state's {@link WindowRecord}, written field by field: binding the
	 * record (a serialization context, its property writers, a map serializer looking up each value's
	 * serializer) cost more than writing, once per changed window per checkpoint.
	 * @param accumulators the state's accumulators in their serial forms, by metric name
	 */
	static String encodeWindow(String pipeline, WindowState state, Map<String, @Nullable Object> accumulators) {
		JsonText json = new JsonText(128 + pipeline.length() + state.key.length() + lengthOf(accumulators));
		try {
			json.startObject()
				.string("p", pipeline)
				.string("k", state.key)
				.number("s", state.window.startMillis())
				.number("e", state.window.endMillis())
				.number("r", state.revision)
				.bool("f", state.fired)
				.bool("c", state.changed)
				.number("n", state.events)
				.number("d", state.duplicates)
				.number("i", state.invalidValues)
				.name("a")
				.startObject();
			for (Map.Entry<String, @Nullable Object> accumulator : accumulators.entrySet()) {
				json.name(accumulator.getKey()).value(accumulator.getValue());
			}
			json.endObject();
			if (state.emitted != null) {
				json.name("m").numbers(state.emitted.toArray());
			}
			if (state.toRetract != null) {
				json.name("x").startArray();
				for (SessionEmission emission : state.toRetract) {
					json.numbers(emission.toArray());
				}
				json.endArray();
			}
			return json.endObject().finish();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Cannot serialise the window state of '" + state.key + "'", ex);
		}
	}

	/**
	 * About how long the accumulators' serial forms are as JSON, so the text is written into a buffer of
	 * its size: a sketch's form is a few kilobytes of Base64, and growing a buffer from a guess of 16
	 * characters copies it again and again.
	 */
	private static int lengthOf(Map<String, @Nullable Object> accumulators) {
		int length = 0;
		for (Map.Entry<String, @Nullable Object> accumulator : accumulators.entrySet()) {
			length += accumulator.getKey().length() + 4
					+ ((accumulator.getValue() instanceof String form) ? form.length() + 2 : 24);
		}
		return length;
	}

	/** The state a record describes, with accumulators restored from its serial forms. */
	static WindowState decodeState(String field, WindowRecord record, Object[] accumulators) {
		WindowState state = new WindowState(record.key(), new TimeWindow(record.start(), record.end()), accumulators);
		state.revision = record.revision();
		state.fired = record.fired();
		state.changed = record.changed();
		state.events = record.events();
		state.duplicates = record.duplicates();
		state.invalidValues = record.invalidValues();
		state.persisted = true;
		state.field = field;
		state.emitted = (record.emitted() != null) ? SessionEmission.of(record.emitted()) : null;
		if (record.toRetract() != null) {
			state.toRetract = new ArrayList<>(record.toRetract().size());
			for (long[] emission : record.toRetract()) {
				state.toRetract.add(SessionEmission.of(emission));
			}
		}
		return state;
	}

	static WindowRecord decodeWindow(String field, String value) {
		WindowRecord record;
		try {
			record = WireFormat.read(value, WindowRecord.class);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("window state '" + field + "': " + ex.getMessage(), ex);
		}
		if (record.pipeline() == null || record.key() == null || record.accumulators() == null
				|| record.end() <= record.start()) {
			throw new IllegalArgumentException("window state '" + field + "' is incomplete: " + value);
		}
		if ((record.emitted() != null && record.emitted().length != 3)
				|| (record.toRetract() != null && record.toRetract().stream().anyMatch((r) -> r == null || r.length != 3))) {
			throw new IllegalArgumentException("window state '" + field + "' has malformed session emissions: " + value);
		}
		return record;
	}

	// --- dedup entries ---------------------------------------------------------------------------------

	/**
	 * {@code <expiry>|<start>:<end>[,<start>:<end>...]|<length>,<length>[,...]|<strings>}: the strings
	 * (ingest id, key, then the ingest ids of dropped duplicates) concatenated, split by their lengths.
	 */
	static String encodeDedup(DedupEntry entry) {
		return new DedupValues().write(entry);
	}

	/**
	 * Writes dedup entries' values one after another. The expiry and windows part is formatted once
	 * for a run of entries that share it: the events of a stream mostly fall in the same windows, and
	 * formatting their three epoch-millis numbers per id was most of the cost.
	 */
	static final class DedupValues {

		private long expiry;

		private List<TimeWindow> windows = List.of();

		/** {@code <expiry>|<start>:<end>[,...]|} of {@link #expiry} and {@link #windows}; null before the first. */
		private @Nullable String head;

		String write(DedupEntry entry) {
			String head = head(entry.expiry, entry.windows);
			List<String> duplicates = entry.duplicateIngestIds;
			if (duplicates == null) {
				// the usual case, one concatenation: it sizes and fills the string's bytes at once, where a
				// builder would fill its own array and copy it
				return head + entry.ingestId.length() + ',' + entry.key.length() + '|' + entry.ingestId + entry.key;
			}
			int capacity = head.length() + entry.ingestId.length() + entry.key.length() + 12;
			for (String duplicate : duplicates) {
				capacity += duplicate.length() + 6;
			}
			StringBuilder text = new StringBuilder(capacity).append(head)
				.append(entry.ingestId.length())
				.append(',')
				.append(entry.key.length());
			for (String duplicate : duplicates) {
				text.append(',').append(duplicate.length());
			}
			text.append('|').append(entry.ingestId).append(entry.key);
			for (String duplicate : duplicates) {
				text.append(duplicate);
			}
			return text.toString();
		}

		private String head(long expiry, List<TimeWindow> windows) {
			String head = this.head;
			if (head != null && expiry == this.expiry && windows.equals(this.windows)) {
				return head;
			}
			StringBuilder text = new StringBuilder(24 + 28 * windows.size()).append(expiry).append('|');
			for (int i = 0; i < windows.size(); i++) {
				if (i > 0) {
					text.append(',');
				}
				text.append(windows.get(i).startMillis()).append(':').append(windows.get(i).endMillis());
			}
			head = text.append('|').toString();
			this.expiry = expiry;
			// a copy: the entry's list is not this cache's to share (List.copyOf keeps an immutable one)
			this.windows = List.copyOf(windows);
			this.head = head;
			return head;
		}

	}

	static DedupEntry decodeDedup(String eventId, String value) {
		try {
			int a = value.indexOf('|');
			int b = value.indexOf('|', a + 1);
			int c = value.indexOf('|', b + 1);
			if (a < 0 || b < 0 || c < 0) {
				throw new IllegalArgumentException("missing separators");
			}
			long expiry = Long.parseLong(value, 0, a, 10);
			List<TimeWindow> windows = new ArrayList<>(1);
			for (String w : value.substring(a + 1, b).split(",")) {
				int colon = w.indexOf(':');
				windows.add(new TimeWindow(Long.parseLong(w, 0, colon, 10),
						Long.parseLong(w, colon + 1, w.length(), 10)));
			}
			List<String> strings = new ArrayList<>(2);
			int from = c + 1;
			for (String length : value.substring(b + 1, c).split(",")) {
				int to = from + Integer.parseInt(length);
				strings.add(value.substring(from, to));
				from = to;
			}
			if (strings.size() < 2 || from != value.length()) {
				throw new IllegalArgumentException("lengths do not match the text");
			}
			List<String> duplicates = strings.size() > 2 ? new ArrayList<>(strings.subList(2, strings.size())) : null;
			return new DedupEntry(eventId, strings.get(0), strings.get(1), List.copyOf(windows), expiry, duplicates);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"dedup entry '" + eventId + "' is malformed (" + ex.getMessage() + "): " + value, ex);
		}
	}

	// --- meta ------------------------------------------------------------------------------------------

	private static final String VERSION_PREFIX = "version|";

	/** The meta field stamping a pipeline's state in a partition with the pipeline version that wrote it. */
	static String versionField(String pipeline) {
		return VERSION_PREFIX + pipeline;
	}

	/** The pipeline a {@link #versionField} names, or null for any other meta field. */
	static @Nullable String pipelineOfVersionField(String metaField) {
		return metaField.startsWith(VERSION_PREFIX) ? metaField.substring(VERSION_PREFIX.length()) : null;
	}

	/** @throws IllegalArgumentException when the stamp is not a version number */
	static long decodeVersion(String pipeline, String value) {
		try {
			long version = Long.parseLong(value);
			if (version >= 1) {
				return version;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException("version stamp of pipeline '" + pipeline + "' is not a version: " + value);
	}

	/** The pipeline a {@link #windowField} belongs to, read from the field alone. */
	static String pipelineOfWindowField(String field) {
		try {
			int bar = field.indexOf('|');
			int length = Integer.parseInt(field, 0, bar, 10);
			if (field.charAt(bar + 1 + length) != '|') {
				throw new IllegalArgumentException("no separator after the pipeline");
			}
			return field.substring(bar + 1, bar + 1 + length);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("window state field '" + field + "' is malformed", ex);
		}
	}

	/** Per pipeline: what the watermark and the interim-emission timer need to continue after a restart. */
	record MetaRecord(@JsonProperty("maxEventTime") long maxEventTime, @JsonProperty("watermark") long watermark,
			@JsonProperty("nextEmitAt") long nextEmitAt) {
	}

	static String encodeMeta(long maxEventTime, long watermark, long nextEmitAt) {
		return WireFormat.writeString(new MetaRecord(maxEventTime, watermark, nextEmitAt));
	}

	static MetaRecord decodeMeta(String pipeline, String value) {
		try {
			return WireFormat.read(value, MetaRecord.class);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("meta of pipeline '" + pipeline + "': " + ex.getMessage(), ex);
		}
	}

}
