package io.tributary.processing.window;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tributary.processing.window.assign.TimeWindow;
import org.jspecify.annotations.Nullable;

import static io.tributary.processing.time.TimeArithmetic.plus;

/**
 * The live window states of one pipeline in one partition, in buckets by window and then by key:
 * open buckets (the watermark has not reached their end) and fired ones (kept until
 * {@code end + allowed-lateness}), each ordered by end, so a rising watermark takes them from the front.
 */
final class WindowBuckets {

	private final long allowedLateness;

	private final Aggregations aggregations;

	private final TreeMap<TimeWindow, HashMap<String, WindowState>> open = new TreeMap<>();

	private final TreeMap<TimeWindow, HashMap<String, WindowState>> fired = new TreeMap<>();

	/** The open bucket the previous event went to: most events hit the newest window. */
	private @Nullable TimeWindow cachedWindow;

	private @Nullable HashMap<String, WindowState> cachedBucket;

	/** States held, open or fired; sessions filed elsewhere count here too. */
	private long count;

	WindowBuckets(long allowedLateness, Aggregations aggregations) {
		this.allowedLateness = allowedLateness;
		this.aggregations = aggregations;
	}

	/** Whether the window is past its allowed lateness: purged, or due to be. */
	boolean isPurged(TimeWindow window, long watermark) {
		return plus(window.endMillis(), this.allowedLateness) <= watermark;
	}

	/** The watermark at which a window that ends at {@code end} purges. */
	long purgeTime(long end) {
		return plus(end, this.allowedLateness);
	}

	/** The key's state of the window, created (fired if the watermark passed its end) when it has none. */
	WindowState getOrCreate(String key, TimeWindow window, long watermark) {
		WindowState state = lookup(key, window, watermark, true);
		assert state != null;
		return state;
	}

	@Nullable WindowState get(String key, TimeWindow window, long watermark) {
		return lookup(key, window, watermark, false);
	}

	private @Nullable WindowState lookup(String key, TimeWindow window, long watermark, boolean create) {
		HashMap<String, WindowState> bucket;
		if (window.equals(this.cachedWindow)) {
			bucket = this.cachedBucket;
		}
		else {
			boolean isFired = window.endMillis() <= watermark;
			TreeMap<TimeWindow, HashMap<String, WindowState>> windows = isFired ? this.fired : this.open;
			bucket = windows.get(window);
			if (bucket == null) {
				if (!create) {
					return null;
				}
				bucket = new HashMap<>();
				windows.put(window, bucket);
			}
			if (!isFired) {
				this.cachedWindow = window;
				this.cachedBucket = bucket;
			}
		}
		WindowState state = bucket.get(key);
		if (state == null && create) {
			state = new WindowState(key, window, this.aggregations.newAccumulators());
			state.fired = window.endMillis() <= watermark;
			bucket.put(key, state);
			this.count++;
		}
		return state;
	}

	/** Files a state in the bucket of its window: fired once the watermark has reached its end. */
	void file(WindowState state, long watermark) {
		TreeMap<TimeWindow, HashMap<String, WindowState>> windows = state.window.endMillis() <= watermark
				? this.fired : this.open;
		windows.computeIfAbsent(state.window, (w) -> new HashMap<>()).put(state.key, state);
	}

	/** Takes a state out of its bucket, and the bucket out of its map when it is left empty. */
	void unfile(WindowState state) {
		TreeMap<TimeWindow, HashMap<String, WindowState>> windows = this.open;
		HashMap<String, WindowState> bucket = windows.get(state.window);
		if (bucket == null || bucket.get(state.key) != state) {
			windows = this.fired;
			bucket = windows.get(state.window);
		}
		if (bucket != null && bucket.remove(state.key, state) && bucket.isEmpty()) {
			windows.remove(state.window);
			if (bucket == this.cachedBucket) {
				this.cachedWindow = null;
				this.cachedBucket = null;
			}
		}
	}

	/**
	 * Moves the earliest open bucket the watermark reached the end of to the fired ones.
	 * @return its states (some may have fired before: a session that grew and shrank back), or null when none is due
	 */
	@Nullable Collection<WindowState> pollDue(long watermark) {
		Map.Entry<TimeWindow, HashMap<String, WindowState>> first = this.open.firstEntry();
		if (first == null || first.getKey().endMillis() > watermark) {
			return null;
		}
		this.open.pollFirstEntry();
		this.cachedWindow = null;
		this.cachedBucket = null;
		HashMap<String, WindowState> existing = this.fired.putIfAbsent(first.getKey(), first.getValue());
		if (existing != null) {
			existing.putAll(first.getValue());
		}
		return first.getValue().values();
	}

	/**
	 * Takes out the earliest fired bucket that is past its allowed lateness.
	 * @return its states, or null when none is
	 */
	@Nullable Collection<WindowState> pollPurgeable(long watermark) {
		Map.Entry<TimeWindow, HashMap<String, WindowState>> first = this.fired.firstEntry();
		if (first == null || !isPurged(first.getKey(), watermark)) {
			return null;
		}
		this.fired.pollFirstEntry();
		return first.getValue().values();
	}

	/** The fired buckets, for settling restored state. */
	Collection<HashMap<String, WindowState>> firedBuckets() {
		return this.fired.values();
	}

	/** Files a restored state and counts it, unless it replaces one of the same key and window. */
	void restore(WindowState state, long watermark) {
		TreeMap<TimeWindow, HashMap<String, WindowState>> windows = state.window.endMillis() <= watermark ? this.fired
				: this.open;
		if (windows.computeIfAbsent(state.window, (w) -> new HashMap<>()).put(state.key, state) == null) {
			this.count++;
		}
	}

	/** A state created outside {@link #getOrCreate} (a new session) was filed. */
	void counted() {
		this.count++;
	}

	/** A state was purged or absorbed. */
	void uncounted() {
		this.count--;
	}

	long count() {
		return this.count;
	}

	/** How many keys have at least one window held; walks every bucket, so for metrics only. */
	long keyCount() {
		Set<String> keys = new HashSet<>();
		this.open.values().forEach((bucket) -> keys.addAll(bucket.keySet()));
		this.fired.values().forEach((bucket) -> keys.addAll(bucket.keySet()));
		return keys.size();
	}

}
