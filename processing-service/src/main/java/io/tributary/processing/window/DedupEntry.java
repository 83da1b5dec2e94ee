package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.List;

import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;

/**
 * What is kept of a counted event to recognise it again: the acceptance it was counted with, the
 * acceptances later dropped as its duplicates (so their redeliveries are not counted twice), the key
 * and windows it was counted in (for sessions: the proto-session {@code [t, t + gap)}), and the
 * watermark at which those windows purge.
 */
final class DedupEntry {

	final String eventId;

	final String ingestId;

	final String key;

	final List<TimeWindow> windows;

	/** Grows while a session that counted the event is still live (sessions only). */
	long expiry;

	@Nullable List<String> duplicateIngestIds;

	/** In the current checkpoint delta. */
	boolean queued;

	/**
	 * The entry {@link SeenIds} keeps for its id: set when it is put there, cleared when it is replaced
	 * or removed (so a checkpoint asks the entry, not the map of every counted id).
	 */
	boolean current;

	DedupEntry(String eventId, String ingestId, String key, List<TimeWindow> windows, long expiry,
			@Nullable List<String> duplicateIngestIds) {
		this.eventId = eventId;
		this.ingestId = ingestId;
		this.key = key;
		this.windows = windows;
		this.expiry = expiry;
		this.duplicateIngestIds = duplicateIngestIds;
	}

	/** Whether this acceptance was seen already: counted, or dropped as a duplicate. */
	boolean knows(String ingestId) {
		return this.ingestId.equals(ingestId)
				|| (this.duplicateIngestIds != null && this.duplicateIngestIds.contains(ingestId));
	}

	void addDuplicate(String ingestId) {
		if (this.duplicateIngestIds == null) {
			this.duplicateIngestIds = new ArrayList<>(1);
		}
		this.duplicateIngestIds.add(ingestId);
	}

}
