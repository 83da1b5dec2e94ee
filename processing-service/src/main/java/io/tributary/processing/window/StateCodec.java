package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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

	/** @param accumulators the state's accumulators in their serial forms, by metric name */
	static String encodeWindow(String pipeline, WindowState state, Map<String, @Nullable Object> accumulators) {
		long[] emitted = (state.emitted != null) ? state.emitted.toArray() : null;
		List<long[]> toRetract = null;
		if (state.toRetract != null) {
			toRetract = new ArrayList<>(state.toRetract.size());
			for (SessionEmission emission : state.toRetract) {
				toRetract.add(emission.toArray());
			}
		}
		return WireFormat.writeString(new WindowRecord(pipeline, state.key, state.window.startMillis(),
				state.window.endMillis(), state.revision, state.fired, state.changed, state.events, state.duplicates,
				state.invalidValues, accumulators, emitted, toRetract));
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
		List<String> strings = new ArrayList<>(2);
		strings.add(entry.ingestId);
		strings.add(entry.key);
		if (entry.duplicateIngestIds != null) {
			strings.addAll(entry.duplicateIngestIds);
		}
		StringBuilder text = new StringBuilder(entry.ingestId.length() + entry.key.length() + 64);
		text.append(entry.expiry).append('|');
		for (int i = 0; i < entry.windows.size(); i++) {
			if (i > 0) {
				text.append(',');
			}
			text.append(entry.windows.get(i).startMillis()).append(':').append(entry.windows.get(i).endMillis());
		}
		text.append('|');
		for (int i = 0; i < strings.size(); i++) {
			if (i > 0) {
				text.append(',');
			}
			text.append(strings.get(i).length());
		}
		text.append('|');
		for (String string : strings) {
			text.append(string);
		}
		return text.toString();
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
