package io.tributary.processing.firstseen;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tributary.contract.pipeline.FirstSeenSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.state.PipelineMetaFields;
import org.apache.datasketches.filters.bloomfilter.BloomFilter;
import org.jspecify.annotations.Nullable;

/**
 * One pipeline's {@code first-seen} state in one partition: its {@link SeenValues} and their form in
 * the partition's checkpoint meta hash. A checkpoint writes the values new to a generation since the
 * previous one as a log field ({@code firstseen|...|log|<n>}); once the log outgrows a quarter of the
 * filters' size (or a generation expired), it writes a snapshot of each changed generation
 * ({@code firstseen|...|gen|<g>}, DataSketches' serial form) and deletes the log. A restore reads the
 * snapshots and replays the log: the state of the last checkpoint, exactly, whatever was applied after
 * it, which is what makes a replay after a crash answer as the first time.
 */
public final class FirstSeenTracker {

	static final String KIND = "firstseen";

	private static final String GENERATION = "gen|";

	private static final String LOG = "log|";

	private final PipelineMetaFields fields;

	private final SeenValues values;

	/** Values new to a generation since the last checkpoint, in order. */
	private final List<Entry> pending = new ArrayList<>();

	/** Generations changed since their last snapshot. */
	private final Set<Long> unsnapshotted = new HashSet<>();

	/** The log fields written since the last snapshot, and their size in characters. */
	private final Set<Long> logFields = new HashSet<>();

	private long logChars;

	private long nextLog;

	private final Set<Long> snapshotted = new HashSet<>();

	private final List<Long> expired = new ArrayList<>();

	private FirstSeenTracker(String pipeline, FirstSeenSpec spec) {
		this.fields = new PipelineMetaFields(KIND, pipeline);
		this.values = new SeenValues(spec, spec.expectedValues());
	}

	/** The tracker of a pipeline that calls {@code first-seen}; null for any other. */
	public static @Nullable FirstSeenTracker of(PipelineDefinition definition) {
		FirstSeenSpec spec = definition.firstSeen();
		return (spec == null) ? null : new FirstSeenTracker(definition.name(), spec);
	}

	/** The pipeline a meta field of this state belongs to, or null for fields of other kinds. */
	public static @Nullable String pipelineOf(String metaField) {
		return PipelineMetaFields.pipelineOf(KIND, metaField);
	}

	/** Whether {@code value} is new: in no live generation. */
	public boolean isNew(String value) {
		return !this.values.contains(value);
	}

	/** Records an appearance of {@code value} at {@code eventTime}. */
	public void record(String value, long eventTime) {
		Long generation = this.values.add(value, eventTime);
		if (generation != null) {
			this.pending.add(new Entry(generation, value));
			this.unsnapshotted.add(generation);
		}
	}

	public void watermark(long watermark) {
		List<Long> gone = this.values.expire(watermark);
		if (!gone.isEmpty()) {
			this.expired.addAll(gone);
			this.unsnapshotted.removeAll(gone);
		}
	}

	/** Adds the changes since the last checkpoint to the meta hash's upserts and deletes. */
	public void checkpoint(Map<String, String> upserts, Set<String> deletes) {
		long written = -1;
		if (!this.pending.isEmpty()) {
			String log = encodeLog(this.pending);
			this.pending.clear();
			long field = this.nextLog++;
			written = field;
			upserts.put(this.fields.field(LOG + field), log);
			this.logFields.add(field);
			this.logChars += log.length();
		}
		for (Long generation : this.expired) {
			if (this.snapshotted.remove(generation)) {
				deletes.add(this.fields.field(GENERATION + generation));
			}
		}
		boolean expiredSome = !this.expired.isEmpty();
		this.expired.clear();
		if (this.logFields.isEmpty() || !(expiredSome || this.logChars * 4 > this.values.sizeBytes())) {
			return;
		}
		// compaction: snapshots of what the log changed, and the log goes
		for (Long generation : this.unsnapshotted) {
			BloomFilter filter = this.values.generations().get(generation);
			if (filter != null) {
				upserts.put(this.fields.field(GENERATION + generation),
						Base64.getEncoder().encodeToString(filter.toByteArray()));
				this.snapshotted.add(generation);
			}
		}
		this.unsnapshotted.clear();
		for (Long field : this.logFields) {
			String name = this.fields.field(LOG + field);
			if (field == written) {
				// never stored: the snapshot holds it
				upserts.remove(name);
			}
			else {
				deletes.add(name);
			}
		}
		this.logFields.clear();
		this.logChars = 0;
	}

	/**
	 * Restores this pipeline's fields of a checkpoint (every one of them at once: the log is replayed
	 * onto the snapshots in order).
	 * @throws IllegalArgumentException when a field is malformed
	 */
	public void restore(Map<String, String> metaFields) {
		TreeMap<Long, String> logs = new TreeMap<>();
		for (Map.Entry<String, String> field : metaFields.entrySet()) {
			String rest = this.fields.rest(field.getKey());
			try {
				if (rest.startsWith(GENERATION)) {
					long generation = Long.parseLong(rest.substring(GENERATION.length()));
					byte[] bytes = Base64.getDecoder().decode(field.getValue());
					this.values.restore(generation, BloomFilter.heapify(MemorySegment.ofArray(bytes)));
					this.snapshotted.add(generation);
				}
				else if (rest.startsWith(LOG)) {
					logs.put(Long.parseLong(rest.substring(LOG.length())), field.getValue());
				}
				else {
					throw new IllegalArgumentException("unknown field");
				}
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("first-seen state field '" + field.getKey() + "' is malformed: "
						+ ex.getMessage(), ex);
			}
		}
		for (Map.Entry<Long, String> log : logs.entrySet()) {
			for (Entry entry : decodeLog(log.getValue())) {
				this.values.addTo(entry.generation(), entry.value());
				this.unsnapshotted.add(entry.generation());
			}
			this.logFields.add(log.getKey());
			this.logChars += log.getValue().length();
			this.nextLog = log.getKey() + 1;
		}
	}

	/** The bytes the live Bloom filters take. */
	public long sizeBytes() {
		return this.values.sizeBytes();
	}

	/** {@code <generation>:<length>:<value>} per entry, one after the other. */
	static String encodeLog(List<Entry> entries) {
		StringBuilder text = new StringBuilder();
		for (Entry entry : entries) {
			text.append(entry.generation()).append(':').append(entry.value().length()).append(':').append(entry.value());
		}
		return text.toString();
	}

	static List<Entry> decodeLog(String text) {
		List<Entry> entries = new ArrayList<>();
		int at = 0;
		while (at < text.length()) {
			int colon = text.indexOf(':', at);
			int second = text.indexOf(':', colon + 1);
			if (colon < 0 || second < 0) {
				throw new IllegalArgumentException("truncated log entry at " + at);
			}
			long generation = Long.parseLong(text, at, colon, 10);
			int length = Integer.parseInt(text, colon + 1, second, 10);
			entries.add(new Entry(generation, text.substring(second + 1, second + 1 + length)));
			at = second + 1 + length;
		}
		return entries;
	}

	record Entry(long generation, String value) {
	}

}
