package io.tributary.processing.window;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;

/**
 * The live sessions of each key of one pipeline (like Flink's {@code MergingWindowSet}): merges an
 * event's proto-session {@code [t, t + gap)} with every session of its key that it overlaps or
 * touches. A key's sessions neither overlap nor touch (those would have merged), so the candidates
 * for a merge are found in O(log n). A session's bounds move as it grows or absorbs others; what it
 * emitted under a start it no longer has is noted for retraction ({@link SessionEmission}).
 */
final class SessionSet {

	private final String pipeline;

	private final WindowBuckets buckets;

	private final Aggregations aggregations;

	private final CheckpointDelta delta;

	/** Each key's live (not purged) sessions by start. */
	private final HashMap<String, TreeMap<Long, WindowState>> byKey = new HashMap<>();

	SessionSet(String pipeline, WindowBuckets buckets, Aggregations aggregations, CheckpointDelta delta) {
		this.pipeline = pipeline;
		this.buckets = buckets;
		this.aggregations = aggregations;
		this.delta = delta;
	}

	/**
	 * The session the proto-session makes together with every live session of the key that overlaps
	 * or touches it ({@code s.start <= t + gap && s.end >= t}): the earliest of them absorbs the others
	 * and takes the union of all bounds. Without such a session the proto-session starts a new one,
	 * unless it is purged already.
	 * @return the session to count the event in, or null when the event is late
	 */
	@Nullable WindowState merge(String key, TimeWindow proto, long watermark) {
		long t = proto.startMillis();
		long protoEnd = proto.endMillis();
		TreeMap<Long, WindowState> live = this.byKey.get(key);
		WindowState target = null;
		long end = protoEnd;
		if (live != null) {
			Map.Entry<Long, WindowState> lower = live.floorEntry(t);
			if (lower != null && lower.getValue().window.endMillis() >= t) {
				target = lower.getValue();
				end = Math.max(end, target.window.endMillis());
			}
			// sessions starting in (t, t + gap]: they start after t, so they end after it too
			long from = t;
			Map.Entry<Long, WindowState> next;
			while ((next = live.higherEntry(from)) != null && next.getKey() <= protoEnd) {
				WindowState session = next.getValue();
				end = Math.max(end, session.window.endMillis());
				if (target == null) {
					target = session;
					from = session.window.startMillis();
				}
				else {
					absorb(target, session, live);
				}
			}
		}
		if (target == null) {
			if (this.buckets.isPurged(proto, watermark)) {
				return null;
			}
			target = new WindowState(key, proto, this.aggregations.newAccumulators());
			target.fired = protoEnd <= watermark;
			this.buckets.file(target, watermark);
			if (live == null) {
				live = new TreeMap<>();
				this.byKey.put(key, live);
			}
			live.put(t, target);
			this.buckets.counted();
		}
		else {
			long start = Math.min(t, target.window.startMillis());
			if (start != target.window.startMillis() || end != target.window.endMillis()) {
				rebound(target, new TimeWindow(start, end), live, watermark);
			}
		}
		return target;
	}

	/**
	 * Merges a later session into {@code target} (accumulators, counts, the higher revision, what it
	 * emitted) and drops it: from its bucket, the key's index and, if a checkpoint wrote it, Redis.
	 */
	private void absorb(WindowState target, WindowState absorbed, TreeMap<Long, WindowState> live) {
		this.aggregations.merge(target.accumulators, absorbed.accumulators);
		target.events += absorbed.events;
		target.duplicates += absorbed.duplicates;
		target.invalidValues += absorbed.invalidValues;
		target.ingested(absorbed.oldestIngest, absorbed.newestIngest);
		// the merged session's next revision must beat every result stored for its parts
		target.revision = Math.max(target.revision, absorbed.revision);
		if (absorbed.emitted != null) {
			target.retractLater(absorbed.emitted);
		}
		if (absorbed.toRetract != null) {
			for (SessionEmission old : absorbed.toRetract) {
				target.retractLater(old);
			}
		}
		this.buckets.unfile(absorbed);
		live.remove(absorbed.window.startMillis(), absorbed);
		absorbed.purged = true;
		this.buckets.uncounted();
		if (absorbed.persisted) {
			this.delta.deleteWindow(absorbed.field(this.pipeline));
		}
	}

	/**
	 * Gives a session new bounds: re-filed under its new window (state fields are named by their
	 * bounds, so a persisted one is deleted and the next checkpoint writes it under its new name). A
	 * fired session that now ends after the watermark is open again; a moved start is retracted.
	 */
	private void rebound(WindowState state, TimeWindow window, TreeMap<Long, WindowState> live, long watermark) {
		this.buckets.unfile(state);
		if (state.persisted) {
			this.delta.deleteWindow(state.field(this.pipeline));
			state.persisted = false;
		}
		state.field = null;
		if (window.startMillis() != state.window.startMillis()) {
			live.remove(state.window.startMillis(), state);
			live.put(window.startMillis(), state);
			if (state.emitted != null) {
				state.retractLater(state.emitted);
				state.emitted = null;
			}
		}
		state.window = window;
		if (window.endMillis() > watermark) {
			state.fired = false;
		}
		this.buckets.file(state, watermark);
	}

	/** The live session that counted an event of the key at {@code time} (it contains the event's proto-session). */
	@Nullable WindowState containing(String key, long time) {
		TreeMap<Long, WindowState> live = this.byKey.get(key);
		if (live == null) {
			return null;
		}
		Map.Entry<Long, WindowState> floor = live.floorEntry(time);
		return (floor != null && floor.getValue().window.endMillis() > time) ? floor.getValue() : null;
	}

	/** The session purged. */
	void forget(WindowState state) {
		TreeMap<Long, WindowState> live = this.byKey.get(state.key);
		if (live != null && live.remove(state.window.startMillis(), state) && live.isEmpty()) {
			this.byKey.remove(state.key);
		}
	}

	/**
	 * Ids whose expiry the watermark reached are retired, unless the session that
	 * counted them is still live (it grew, or merged, after they were counted): then they are kept
	 * until that session purges, so a duplicate is still recognised.
	 */
	void retireOrExtend(List<DedupEntry> expired, SeenIds seenIds) {
		for (DedupEntry entry : expired) {
			WindowState session = seenIds.isCurrent(entry)
					? containing(entry.key, entry.windows.get(0).startMillis()) : null;
			if (session == null) {
				seenIds.retire(entry);
			}
			else {
				seenIds.extend(entry, this.buckets.purgeTime(session.window.endMillis()));
			}
		}
	}

	void restore(WindowState state) {
		this.byKey.computeIfAbsent(state.key, (k) -> new TreeMap<>()).put(state.window.startMillis(), state);
	}

}
