package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tributary.contract.KeyedEvent;
import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;

/**
 * The counted event ids of one pipeline in one partition, kept until the windows that counted them
 * purge so that a redelivery or a duplicate is recognised. An expired id is deleted one checkpoint
 * late or later (a window's many ids are spread over several checkpoints), and not at all during a
 * redelivery hold: input the previous checkpoint covers but whose ack failed, or that a restart
 * redelivers, must still be recognised when it comes again. An id kept longer than its window is
 * harmless: what restores it expires it again.
 */
final class SeenIds {

	/** Expired ids one checkpoint deletes at least, when that many are due (see {@link #deletesDue}). */
	static final int DELETES_PER_CHECKPOINT = 2_000;

	private final HashMap<String, DedupEntry> byId = new HashMap<>();

	private final TreeMap<Long, List<DedupEntry>> byExpiry = new TreeMap<>();

	/** The expiry bucket the previous id went to: most ids of a stream expire together. */
	private long cachedExpiry = PipelineOperator.NONE;

	private @Nullable List<DedupEntry> cachedExpiryBucket;

	/** New entries, and entries that took a duplicate, since the last checkpoint. */
	private List<DedupEntry> changed = new ArrayList<>();

	/** Expired during the current checkpoint interval. */
	private List<DedupEntry> retiring = new ArrayList<>();

	/** Expired during the previous interval: deleted by the next checkpoint. */
	private List<DedupEntry> retired = new ArrayList<>();

	/** Writes the changed entries' stored values; keeps the part the entries of a stream share. */
	private final StateCodec.DedupValues values = new StateCodec.DedupValues();

	/** Until this wall-clock time, no id is deleted: input redelivered after a restart may still come. */
	private long holdUntil = PipelineOperator.NONE;

	@Nullable DedupEntry get(String eventId) {
		return this.byId.get(eventId);
	}

	/** Whether the entry is still the one kept for its id (not replaced by a newer count of the id). */
	boolean isCurrent(DedupEntry entry) {
		return entry.current;
	}

	int size() {
		return this.byId.size();
	}

	/** Counts the event's id until the watermark reaches {@code expiry}. */
	void remember(KeyedEvent event, List<TimeWindow> windows, long expiry) {
		remember(event, event.key(), windows, expiry);
	}

	/**
	 * As {@link #remember(KeyedEvent, List, long)}, keeping {@code key} (equal to the event's: the
	 * window state's copy, so the entries of one key's events share one string instead of each
	 * keeping the copy its event was decoded with, until their windows purge).
	 */
	void remember(KeyedEvent event, String key, List<TimeWindow> windows, long expiry) {
		DedupEntry entry = new DedupEntry(event.eventId(), event.ingestId(), key, windows, expiry, null);
		// replaces an expired entry of the same id, whose deletion then no longer applies
		keep(entry);
		index(entry);
		changed(entry);
	}

	/** The original took a duplicate: its redeliveries are recognised too. */
	void addDuplicate(DedupEntry original, String ingestId) {
		original.addDuplicate(ingestId);
		changed(original);
	}

	/** Keeps the entry until the watermark reaches a later expiry (its session grew). */
	void extend(DedupEntry entry, long expiry) {
		entry.expiry = expiry;
		index(entry);
		changed(entry);
	}

	/**
	 * Takes out the earliest group of entries whose expiry the watermark reached; the caller retires
	 * or extends each of them.
	 * @return the entries, or null when none expired
	 */
	@Nullable List<DedupEntry> pollExpired(long watermark) {
		Map.Entry<Long, List<DedupEntry>> expired = this.byExpiry.firstEntry();
		if (expired == null || expired.getKey() > watermark) {
			return null;
		}
		this.byExpiry.pollFirstEntry();
		if (expired.getKey() == this.cachedExpiry) {
			this.cachedExpiry = PipelineOperator.NONE;
			this.cachedExpiryBucket = null;
		}
		return expired.getValue();
	}

	void retire(List<DedupEntry> entries) {
		this.retiring.addAll(entries);
	}

	void retire(DedupEntry entry) {
		this.retiring.add(entry);
	}

	/**
	 * Until wall-clock {@code until}, keep every id, even of purged windows: input that was not
	 * acknowledged may come again, possibly over many checkpoints.
	 */
	void holdUntil(long until) {
		this.holdUntil = Math.max(this.holdUntil, until);
	}

	/** Adds the changed entries and the deletions that are due at wall-clock {@code now} to the delta. */
	void checkpoint(String pipeline, long now, CheckpointDelta delta) {
		if (!this.changed.isEmpty()) {
			Map<String, String> upserts = new HashMap<>(this.changed.size() * 2);
			for (DedupEntry entry : this.changed) {
				entry.queued = false;
				if (isCurrent(entry)) {
					upserts.put(entry.eventId, this.values.write(entry));
				}
			}
			delta.upsertIds(pipeline, upserts);
			this.changed = new ArrayList<>();
		}
		if (now < this.holdUntil) {
			this.retired.addAll(this.retiring);
			this.retiring = new ArrayList<>();
			return;
		}
		List<DedupEntry> left = List.of();
		if (!this.retired.isEmpty()) {
			int due = deletesDue(this.retired.size());
			Set<String> deletes = new HashSet<>(due * 2);
			for (DedupEntry entry : this.retired.subList(0, due)) {
				// an entry replaced by a newer count of the same id stays
				if (isCurrent(entry)) {
					this.byId.remove(entry.eventId);
					entry.current = false;
					deletes.add(entry.eventId);
				}
			}
			if (!deletes.isEmpty()) {
				delta.handOverIdDeletes(pipeline, deletes);
			}
			left = this.retired.subList(due, this.retired.size());
		}
		if (left.isEmpty()) {
			this.retired = this.retiring;
		}
		else {
			List<DedupEntry> next = new ArrayList<>(left.size() + this.retiring.size());
			next.addAll(left);
			next.addAll(this.retiring);
			this.retired = next;
		}
		this.retiring = new ArrayList<>();
	}

	/**
	 * How many of the expired ids one checkpoint deletes: all of them up to
	 * {@link #DELETES_PER_CHECKPOINT}, else that many or a sixteenth of them, whichever is more. A
	 * window that closes expires every id it counted at once (tens of thousands per partition at
	 * load), and deleting them in one checkpoint held the partition, and Redis, for a fraction of a
	 * second; spread over the next checkpoints, no checkpoint carries many, and the share grows with
	 * the backlog, so deletes keep up with any rate of counting.
	 */
	static int deletesDue(int expired) {
		return (expired <= DELETES_PER_CHECKPOINT) ? expired : Math.max(DELETES_PER_CHECKPOINT, expired / 16);
	}

	void restore(String eventId, String value) {
		DedupEntry entry = StateCodec.decodeDedup(eventId, value);
		keep(entry);
		index(entry);
	}

	/** Keeps the entry for its id, in place of the one kept before. */
	private void keep(DedupEntry entry) {
		DedupEntry replaced = this.byId.put(entry.eventId, entry);
		if (replaced != null) {
			replaced.current = false;
		}
		entry.current = true;
	}

	private void changed(DedupEntry entry) {
		if (!entry.queued) {
			entry.queued = true;
			this.changed.add(entry);
		}
	}

	private void index(DedupEntry entry) {
		if (entry.expiry != this.cachedExpiry || this.cachedExpiryBucket == null) {
			this.cachedExpiry = entry.expiry;
			this.cachedExpiryBucket = this.byExpiry.computeIfAbsent(entry.expiry, (e) -> new ArrayList<>());
		}
		this.cachedExpiryBucket.add(entry);
	}

}
