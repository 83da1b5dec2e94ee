package io.tributary.processing.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tributary.contract.Counts;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.MetricExpression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.SelectStep;
import io.tributary.contract.aggregate.AggregateFunction;
import io.tributary.contract.aggregate.AggregateFunctions;
import io.tributary.processing.alert.AlertTracker;
import io.tributary.processing.window.TimeWindow;
import io.tributary.processing.window.WindowAssigner;
import org.jspecify.annotations.Nullable;

/**
 * The window operator of one pipeline in one partition: watermark, windows by key, firing, allowed
 * lateness, purging, duplicate recognition and emission. Times are epoch milliseconds; {@code now}
 * is the wall clock, used only for the idle timeout and the interim-emission timer.
 *
 * <p>Session windows (a merging assigner) take their own path per event: the proto-session of an
 * event is merged with the key's live sessions it overlaps or touches (see {@link #addToSession}),
 * a session's bounds move with it, and results emitted under a start the session no longer has are
 * retracted with its next emission.
 */
final class PipelineOperator {

	/** No event time seen yet / no watermark yet / timer not started. */
	static final long NONE = Long.MIN_VALUE;

	final String name;

	private final WindowAssigner assigner;

	/** Session windows: proto-sessions merged per key. Decided once, so other windows pay one branch. */
	private final boolean sessions;

	private final long allowedLateness;

	private final long maxOutOfOrderness;

	private final long idleTimeout;

	/** Interim emission period; 0 for none. */
	private final long emitEvery;

	private final boolean emitOnFinal;

	private final String[] metrics;

	private final AggregateFunction<Object>[] functions;

	/** {@code select}: result fields computed from the metrics, in order. */
	private final String[] selectNames;

	private final MetricExpression[] selects;

	/** The pipeline's alert rules; null when it has none. */
	private final @Nullable AlertTracker alerts;

	private final CheckpointBuffer buffer;

	// --- watermark (persisted in meta, except lastArrival) ----------------------------------------------

	private long maxEventTime = NONE;

	private long watermark = NONE;

	private long lastArrival = NONE;

	private long nextEmitAt = NONE;

	private boolean metaChanged;

	// --- windows: buckets of per-key state, by window, ordered by end ------------------------------------

	private final TreeMap<TimeWindow, HashMap<String, WindowState>> open = new TreeMap<>();

	private final TreeMap<TimeWindow, HashMap<String, WindowState>> fired = new TreeMap<>();

	/** The open bucket the previous event went to: most events hit the newest window. */
	private @Nullable TimeWindow cachedWindow;

	private @Nullable HashMap<String, WindowState> cachedBucket;

	private long windowCount;

	/**
	 * Sessions only: each key's live (not purged) sessions by start. They neither overlap nor touch
	 * (those would have merged), so the candidates for a merge are found in O(log n).
	 */
	private final HashMap<String, TreeMap<Long, WindowState>> sessionsByKey = new HashMap<>();

	private final List<WindowState> interimQueue = new ArrayList<>();

	private final List<WindowState> finalQueue = new ArrayList<>();

	private final List<WindowState> checkpointDelta = new ArrayList<>();

	// --- counted event ids ------------------------------------------------------------------------------

	private final HashMap<String, DedupEntry> dedup = new HashMap<>();

	private final TreeMap<Long, List<DedupEntry>> dedupByExpiry = new TreeMap<>();

	private long cachedExpiry = NONE;

	private @Nullable List<DedupEntry> cachedExpiryBucket;

	/** New entries, and entries that took a duplicate, since the last checkpoint. */
	private List<DedupEntry> dedupDelta = new ArrayList<>();

	/** Expired during the current checkpoint interval. */
	private List<DedupEntry> retiring = new ArrayList<>();

	/** Expired during the previous interval: deleted by the next checkpoint. */
	private List<DedupEntry> retired = new ArrayList<>();

	/** The latest wall-clock time seen. */
	private long now = NONE;

	/** Until this wall-clock time, no id is deleted: input redelivered after a restart may still come. */
	private long holdIdsUntil = NONE;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	PipelineOperator(PipelineDefinition definition, CheckpointBuffer buffer) {
		this.name = definition.name();
		String where = "pipeline '" + this.name + "': ";
		try {
			this.assigner = WindowAssigner.of(definition.window());
			this.sessions = this.assigner.isMerging();
			this.allowedLateness = millis(this.assigner.allowedLateness(), "allowed-lateness");
			this.maxOutOfOrderness = millis(definition.watermark().maxOutOfOrderness(), "max-out-of-orderness");
			this.idleTimeout = millis(definition.watermark().idleTimeout(), "idle-timeout");
			Duration every = definition.emit().every();
			this.emitEvery = every == null ? 0 : millis(every, "emit.every");
			if (every != null && this.emitEvery == 0) {
				throw new IllegalArgumentException("emit.every must be at least 1ms");
			}
			this.emitOnFinal = definition.emit().onFinal();
			if (!this.emitOnFinal && this.emitEvery == 0) {
				throw new IllegalArgumentException("with emit final: false, set emit.every, or nothing is ever emitted");
			}
			List<AggregateSpec> specs = definition.aggregates();
			if (specs.isEmpty()) {
				throw new IllegalArgumentException("declare at least one aggregation");
			}
			this.metrics = new String[specs.size()];
			this.functions = new AggregateFunction[specs.size()];
			Set<String> names = new HashSet<>();
			for (int i = 0; i < specs.size(); i++) {
				this.metrics[i] = specs.get(i).name();
				if (!names.add(this.metrics[i])) {
					throw new IllegalArgumentException("aggregation '" + this.metrics[i] + "' is declared twice");
				}
				this.functions[i] = (AggregateFunction<Object>) AggregateFunctions.of(specs.get(i));
			}
			List<SelectStep> select = definition.select();
			this.selectNames = new String[select.size()];
			this.selects = new MetricExpression[select.size()];
			List<String> known = new ArrayList<>(List.of(this.metrics));
			for (int i = 0; i < select.size(); i++) {
				this.selectNames[i] = select.get(i).name();
				if (!names.add(this.selectNames[i])) {
					throw new IllegalArgumentException("select '" + this.selectNames[i] + "' is declared twice");
				}
				this.selects[i] = MetricExpression.compile(select.get(i).expression(), known);
				known.add(this.selectNames[i]);
			}
			this.alerts = AlertTracker.of(definition);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(where + ex.getMessage(), ex);
		}
		this.buffer = buffer;
	}

	private static long millis(Duration duration, String what) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException(what + " must not be negative");
		}
		try {
			return duration.toMillis();
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException(what + " is too large");
		}
	}

	/** @throws IllegalArgumentException when the event time cannot be windowed */
	List<TimeWindow> windowsFor(KeyedEvent event) {
		return this.assigner.windowsFor(event.eventTime());
	}

	// --- events -----------------------------------------------------------------------------------------

	void process(KeyedEvent event, List<TimeWindow> windows, long now) {
		this.now = Math.max(this.now, now);
		if (advanceIdle(now)) {
			fireAndPurge();
		}
		this.lastArrival = now;
		long eventTime = event.eventTime().toEpochMilli();
		DedupEntry seen = this.dedup.get(event.eventId());
		if (seen != null) {
			if (seen.knows(event.ingestId())) {
				// a broker redelivery of an acceptance already applied: changes nothing
				this.buffer.redeliveries++;
				observe(eventTime);
				return;
			}
			if (seen.expiry > this.watermark) {
				countDuplicate(seen, event.ingestId());
				observe(eventTime);
				return;
			}
			// the original's windows are purged: the id is free again, as if it had been forgotten
		}
		if (this.sessions) {
			TimeWindow proto = windows.get(0);
			WindowState session = addToSession(event, proto);
			if (session == null) {
				late(event, proto);
			}
			else {
				// recognised for as long as the session is live (and extended if it grows: see retireOrExtend)
				remember(event, windows, plus(Math.max(proto.endMillis(), session.window.endMillis()),
						this.allowedLateness));
			}
			observe(eventTime);
			return;
		}
		List<TimeWindow> counted = windows;
		for (int i = 0; i < windows.size(); i++) {
			TimeWindow window = windows.get(i);
			if (isPurged(window)) {
				late(event, window);
				if (counted == windows) {
					counted = new ArrayList<>(windows.subList(0, i));
				}
			}
			else {
				add(event, window);
				if (counted != windows) {
					counted.add(window);
				}
			}
		}
		if (!counted.isEmpty()) {
			remember(event, counted);
		}
		observe(eventTime);
	}

	private boolean isPurged(TimeWindow window) {
		return plus(window.endMillis(), this.allowedLateness) <= this.watermark;
	}

	private void add(KeyedEvent event, TimeWindow window) {
		apply(event, stateFor(event.key(), window, true));
	}

	private void apply(KeyedEvent event, WindowState state) {
		state.events++;
		for (int i = 0; i < this.functions.length; i++) {
			if (!this.functions[i].add(state.accumulators[i], event)) {
				state.invalidValues++;
				this.buffer.invalidValues++;
			}
		}
		this.buffer.eventsAccepted++;
		changed(state);
	}

	private void late(KeyedEvent event, TimeWindow window) {
		this.buffer.late(new LateEventRecord(this.name, event.key(), window.start(), window.end(), event.eventId(),
				event.eventTime(), Instant.ofEpochMilli(this.watermark), event.values()));
	}

	private void countDuplicate(DedupEntry original, String ingestId) {
		this.buffer.duplicates++;
		original.addDuplicate(ingestId);
		queue(original);
		if (this.sessions) {
			// the session that counted the original contains its proto-session, whatever it merged with since
			WindowState session = liveSession(original.key, original.windows.get(0).startMillis());
			if (session != null) {
				session.duplicates++;
				changed(session);
			}
			return;
		}
		for (TimeWindow window : original.windows) {
			WindowState state = stateFor(original.key, window, false);
			if (state != null && !state.purged) {
				state.duplicates++;
				changed(state);
			}
		}
	}

	private void remember(KeyedEvent event, List<TimeWindow> windows) {
		long expiry = NONE;
		for (TimeWindow window : windows) {
			expiry = Math.max(expiry, plus(window.endMillis(), this.allowedLateness));
		}
		remember(event, windows, expiry);
	}

	private void remember(KeyedEvent event, List<TimeWindow> windows, long expiry) {
		DedupEntry entry = new DedupEntry(event.eventId(), event.ingestId(), event.key(), windows, expiry, null);
		// replaces an expired entry of the same id, whose deletion then no longer applies
		this.dedup.put(entry.eventId, entry);
		index(entry);
		queue(entry);
	}

	private void queue(DedupEntry entry) {
		if (!entry.queued) {
			entry.queued = true;
			this.dedupDelta.add(entry);
		}
	}

	private void index(DedupEntry entry) {
		if (entry.expiry != this.cachedExpiry || this.cachedExpiryBucket == null) {
			this.cachedExpiry = entry.expiry;
			this.cachedExpiryBucket = this.dedupByExpiry.computeIfAbsent(entry.expiry, (e) -> new ArrayList<>());
		}
		this.cachedExpiryBucket.add(entry);
	}

	private void observe(long eventTime) {
		if (eventTime > this.maxEventTime) {
			this.maxEventTime = eventTime;
			this.metaChanged = true;
			if (raiseWatermark(minus(eventTime, this.maxOutOfOrderness))) {
				fireAndPurge();
			}
		}
	}

	// --- sessions ---------------------------------------------------------------------------------------

	/**
	 * Adds the event to the session its proto-session {@code [t, t + gap)} makes together with every
	 * live session of the key that overlaps or touches it ({@code s.start <= t + gap && s.end >= t}):
	 * the earliest of them absorbs the others and takes the union of all bounds. Without such a
	 * session the proto-session starts a new one, unless it is purged already.
	 * @return the session the event was counted in, or null when the event is late
	 */
	private @Nullable WindowState addToSession(KeyedEvent event, TimeWindow proto) {
		long t = proto.startMillis();
		long protoEnd = proto.endMillis();
		TreeMap<Long, WindowState> live = this.sessionsByKey.get(event.key());
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
			if (isPurged(proto)) {
				return null;
			}
			target = new WindowState(event.key(), proto, newAccumulators());
			target.fired = protoEnd <= this.watermark;
			file(target);
			if (live == null) {
				live = new TreeMap<>();
				this.sessionsByKey.put(event.key(), live);
			}
			live.put(t, target);
			this.windowCount++;
		}
		else {
			long start = Math.min(t, target.window.startMillis());
			if (start != target.window.startMillis() || end != target.window.endMillis()) {
				rebound(target, new TimeWindow(start, end), live);
			}
		}
		apply(event, target);
		return target;
	}

	/**
	 * Merges a later session into {@code target} (accumulators, counts, the higher revision, what it
	 * emitted) and drops it: from its bucket, the key's index and, if a checkpoint wrote it, Redis.
	 */
	private void absorb(WindowState target, WindowState absorbed, TreeMap<Long, WindowState> live) {
		for (int i = 0; i < this.functions.length; i++) {
			target.accumulators[i] = this.functions[i].merge(target.accumulators[i], absorbed.accumulators[i]);
		}
		target.events += absorbed.events;
		target.duplicates += absorbed.duplicates;
		target.invalidValues += absorbed.invalidValues;
		// the merged session's next revision must beat every result stored for its parts
		target.revision = Math.max(target.revision, absorbed.revision);
		if (absorbed.emitted != null) {
			toRetract(target, absorbed.emitted);
		}
		if (absorbed.toRetract != null) {
			for (long[] old : absorbed.toRetract) {
				toRetract(target, old);
			}
		}
		unfile(absorbed);
		live.remove(absorbed.window.startMillis(), absorbed);
		absorbed.purged = true;
		this.windowCount--;
		if (absorbed.persisted) {
			this.buffer.windowDeletes.add(field(absorbed));
		}
	}

	/**
	 * Gives a session new bounds: re-filed under its new window (state fields are named by their
	 * bounds, so a persisted one is deleted and the next checkpoint writes it under its new name). A
	 * fired session that now ends after the watermark is open again; a moved start is retracted.
	 */
	private void rebound(WindowState state, TimeWindow window, TreeMap<Long, WindowState> live) {
		unfile(state);
		if (state.persisted) {
			this.buffer.windowDeletes.add(field(state));
			state.persisted = false;
		}
		state.field = null;
		if (window.startMillis() != state.window.startMillis()) {
			live.remove(state.window.startMillis(), state);
			live.put(window.startMillis(), state);
			if (state.emitted != null) {
				toRetract(state, state.emitted);
				state.emitted = null;
			}
		}
		state.window = window;
		if (window.endMillis() > this.watermark) {
			state.fired = false;
		}
		file(state);
	}

	private static void toRetract(WindowState state, long[] emission) {
		if (state.toRetract == null) {
			state.toRetract = new ArrayList<>(2);
		}
		state.toRetract.add(emission);
	}

	/** Files a state in the bucket of its window: fired once the watermark has reached its end. */
	private void file(WindowState state) {
		TreeMap<TimeWindow, HashMap<String, WindowState>> windows = state.window.endMillis() <= this.watermark
				? this.fired : this.open;
		windows.computeIfAbsent(state.window, (w) -> new HashMap<>()).put(state.key, state);
	}

	/** Takes a state out of its bucket, and the bucket out of its map when it is left empty. */
	private void unfile(WindowState state) {
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

	/** The key's live session that contains {@code time}, if any. */
	private @Nullable WindowState liveSession(String key, long time) {
		TreeMap<Long, WindowState> live = this.sessionsByKey.get(key);
		if (live == null) {
			return null;
		}
		Map.Entry<Long, WindowState> floor = live.floorEntry(time);
		return (floor != null && floor.getValue().window.endMillis() > time) ? floor.getValue() : null;
	}

	private void forgetSession(WindowState state) {
		TreeMap<Long, WindowState> live = this.sessionsByKey.get(state.key);
		if (live != null && live.remove(state.window.startMillis(), state) && live.isEmpty()) {
			this.sessionsByKey.remove(state.key);
		}
	}

	/**
	 * Sessions only: ids whose expiry the watermark reached are retired, unless the session that
	 * counted them is still live (it grew, or merged, after they were counted): then they are kept
	 * until that session purges, so a duplicate is still recognised.
	 */
	private void retireOrExtend(List<DedupEntry> expired) {
		for (DedupEntry entry : expired) {
			WindowState session = (this.dedup.get(entry.eventId) == entry)
					? liveSession(entry.key, entry.windows.get(0).startMillis()) : null;
			if (session == null) {
				this.retiring.add(entry);
			}
			else {
				entry.expiry = plus(session.window.endMillis(), this.allowedLateness);
				index(entry);
				queue(entry);
			}
		}
	}

	// --- window state -----------------------------------------------------------------------------------

	private @Nullable WindowState stateFor(String key, TimeWindow window, boolean create) {
		HashMap<String, WindowState> bucket;
		if (window.equals(this.cachedWindow)) {
			bucket = this.cachedBucket;
		}
		else {
			boolean isFired = window.endMillis() <= this.watermark;
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
			state = new WindowState(key, window, newAccumulators());
			state.fired = window.endMillis() <= this.watermark;
			bucket.put(key, state);
			this.windowCount++;
		}
		return state;
	}

	private Object[] newAccumulators() {
		Object[] accumulators = new Object[this.functions.length];
		for (int i = 0; i < accumulators.length; i++) {
			accumulators[i] = this.functions[i].createAccumulator();
		}
		return accumulators;
	}

	/** Records a change of content: queues the window for its next emission and for the checkpoint. */
	private void changed(WindowState state) {
		state.changed = true;
		inDelta(state);
		queue(state);
	}

	private void queue(WindowState state) {
		if (state.fired && this.emitOnFinal) {
			if (!state.queuedForFinal) {
				state.queuedForFinal = true;
				this.finalQueue.add(state);
			}
		}
		else if (this.emitEvery > 0 && !state.queuedForInterim) {
			state.queuedForInterim = true;
			this.interimQueue.add(state);
		}
	}

	private void inDelta(WindowState state) {
		if (!state.inCheckpointDelta) {
			state.inCheckpointDelta = true;
			this.checkpointDelta.add(state);
		}
	}

	// --- time -------------------------------------------------------------------------------------------

	/** Idle watermark advance, firing, purging and due emissions. */
	void advance(long now) {
		this.now = Math.max(this.now, now);
		advanceIdle(now);
		fireAndPurge();
		flushFinal();
		emitInterim(now);
	}

	/**
	 * After {@code idle-timeout} without events the watermark moves with the wall clock from where the
	 * data left it, so a quiet stream still closes its windows.
	 */
	private boolean advanceIdle(long now) {
		if (this.maxEventTime == NONE || this.lastArrival == NONE) {
			return false;
		}
		long idle = minus(now, this.lastArrival);
		if (idle < this.idleTimeout) {
			return false;
		}
		return raiseWatermark(plus(minus(this.maxEventTime, this.maxOutOfOrderness), idle));
	}

	private boolean raiseWatermark(long candidate) {
		if (candidate > this.watermark) {
			this.watermark = candidate;
			this.metaChanged = true;
			return true;
		}
		return false;
	}

	private void fireAndPurge() {
		Map.Entry<TimeWindow, HashMap<String, WindowState>> first;
		while ((first = this.open.firstEntry()) != null && first.getKey().endMillis() <= this.watermark) {
			this.open.pollFirstEntry();
			this.cachedWindow = null;
			this.cachedBucket = null;
			HashMap<String, WindowState> existing = this.fired.putIfAbsent(first.getKey(), first.getValue());
			if (existing != null) {
				existing.putAll(first.getValue());
			}
			for (WindowState state : first.getValue().values()) {
				if (!state.fired) {
					fire(state);
				}
			}
		}
		while ((first = this.fired.firstEntry()) != null
				&& plus(first.getKey().endMillis(), this.allowedLateness) <= this.watermark) {
			this.fired.pollFirstEntry();
			for (WindowState state : first.getValue().values()) {
				purge(state);
			}
		}
		Map.Entry<Long, List<DedupEntry>> expired;
		while ((expired = this.dedupByExpiry.firstEntry()) != null && expired.getKey() <= this.watermark) {
			this.dedupByExpiry.pollFirstEntry();
			if (expired.getKey() == this.cachedExpiry) {
				this.cachedExpiry = NONE;
				this.cachedExpiryBucket = null;
			}
			if (this.sessions) {
				retireOrExtend(expired.getValue());
			}
			else {
				this.retiring.addAll(expired.getValue());
			}
		}
		if (this.alerts != null && this.watermark != NONE) {
			this.alerts.watermark(this.watermark, this.now, this.buffer::alert);
		}
	}

	private void fire(WindowState state) {
		state.fired = true;
		inDelta(state);
		Map<String, @Nullable Object> values = null;
		if (this.emitOnFinal) {
			values = emit(state, true);
		}
		else if (state.changed) {
			values = emit(state, false);
		}
		if (this.alerts != null) {
			this.alerts.windowFired(state.key, state.window.startMillis(), state.window.endMillis(),
					(values != null) ? values : metricsOf(state), this.now, this.buffer::alert);
		}
	}

	private void purge(WindowState state) {
		if (state.changed) {
			// late changes not emitted yet: emit them before the window is gone
			emit(state, this.emitOnFinal);
		}
		state.purged = true;
		this.windowCount--;
		if (state.persisted) {
			this.buffer.windowDeletes.add(field(state));
		}
		if (this.sessions) {
			forgetSession(state);
		}
	}

	/**
	 * One revision per emission of a window: storage keeps the highest, so this never goes back.
	 * @return the metrics emitted
	 */
	private Map<String, @Nullable Object> emit(WindowState state, boolean isFinal) {
		state.revision++;
		state.changed = false;
		inDelta(state);
		Map<String, @Nullable Object> values = metricsOf(state);
		Map<String, @Nullable Object> serialForms = new LinkedHashMap<>();
		for (int i = 0; i < this.functions.length; i++) {
			serialForms.put(this.metrics[i], this.functions[i].toSerialForm(state.accumulators[i]));
		}
		// the serial forms travel with the result so that query can merge windows into a roll-up
		this.buffer.result(new WindowResult(this.name, state.key, state.window.start(), state.window.end(), isFinal,
				state.revision, values, new Counts(state.events, 0, state.duplicates), serialForms));
		if (this.sessions) {
			retractMoved(state);
		}
		return values;
	}

	/**
	 * After a session's result: retracts what was emitted under starts it no longer has (in the same
	 * outbox, after the result that replaces them), and notes this emission for a later move.
	 */
	private void retractMoved(WindowState state) {
		long start = state.window.startMillis();
		if (state.toRetract != null) {
			for (long[] old : state.toRetract) {
				if (old[0] != start) {
					this.buffer.retraction(new WindowRetraction(this.name, state.key, Instant.ofEpochMilli(old[0]),
							Instant.ofEpochMilli(old[1]), old[2] + 1, state.window.start(), state.window.end()));
				}
			}
			state.toRetract = null;
		}
		if (state.emitted == null) {
			state.emitted = new long[3];
		}
		state.emitted[0] = start;
		state.emitted[1] = state.window.endMillis();
		state.emitted[2] = state.revision;
	}

	/** The window's metrics: the aggregations' results, then the select fields computed from them. */
	private Map<String, @Nullable Object> metricsOf(WindowState state) {
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		for (int i = 0; i < this.functions.length; i++) {
			values.put(this.metrics[i], this.functions[i].result(state.accumulators[i]));
		}
		for (int i = 0; i < this.selects.length; i++) {
			values.put(this.selectNames[i], this.selects[i].evaluate(state.key, values));
		}
		return values;
	}

	/** New revisions of fired windows that took late events (within allowed lateness): one per window. */
	private void flushFinal() {
		for (WindowState state : this.finalQueue) {
			state.queuedForFinal = false;
			// a session that grew past the watermark since it was queued is open again: no final result
			if (!state.purged && state.changed && state.fired) {
				emit(state, true);
			}
		}
		this.finalQueue.clear();
	}

	private void emitInterim(long now) {
		if (this.emitEvery == 0 || this.interimQueue.isEmpty() || now < this.nextEmitAt) {
			return;
		}
		boolean emitted = false;
		for (WindowState state : this.interimQueue) {
			state.queuedForInterim = false;
			if (!state.purged && state.changed && !(state.fired && this.emitOnFinal)) {
				emit(state, false);
				emitted = true;
			}
		}
		this.interimQueue.clear();
		if (emitted) {
			// the timer only restarts on an emission, so the first change after a quiet spell goes out at once
			this.nextEmitAt = plus(now, this.emitEvery);
			this.metaChanged = true;
		}
	}

	private String field(WindowState state) {
		String field = state.field;
		if (field == null) {
			field = StateCodec.windowField(this.name, state.key, state.window);
			state.field = field;
		}
		return field;
	}

	// --- checkpoints ------------------------------------------------------------------------------------

	/**
	 * Adds this pipeline's delta since the last checkpoint. Ids of purged windows are deleted one
	 * checkpoint late, so that input the previous checkpoint covers but whose ack failed is still
	 * recognised when it comes again; during a redelivery hold (after a restart) not at all.
	 */
	void checkpoint(Map<String, String> windowUpserts, Map<String, Map<String, String>> dedupUpserts,
			Map<String, Set<String>> dedupDeletes, Map<String, String> meta, Set<String> metaDeletes) {
		flushFinal();
		if (this.alerts != null) {
			this.alerts.checkpoint(meta, metaDeletes);
		}
		for (WindowState state : this.checkpointDelta) {
			state.inCheckpointDelta = false;
			if (!state.purged) {
				String field = field(state);
				windowUpserts.put(field, StateCodec.encodeWindow(this.name, state, this.metrics, this.functions));
				// a field deleted in this interval and written again holds live state: never both
				this.buffer.windowDeletes.remove(field);
				state.persisted = true;
			}
		}
		this.checkpointDelta.clear();
		if (!this.dedupDelta.isEmpty()) {
			Map<String, String> upserts = new HashMap<>(this.dedupDelta.size() * 2);
			for (DedupEntry entry : this.dedupDelta) {
				entry.queued = false;
				if (this.dedup.get(entry.eventId) == entry) {
					upserts.put(entry.eventId, StateCodec.encodeDedup(entry));
				}
			}
			dedupUpserts.put(this.name, upserts);
			this.dedupDelta = new ArrayList<>();
		}
		if (this.now < this.holdIdsUntil) {
			this.retired.addAll(this.retiring);
			this.retiring = new ArrayList<>();
		}
		else if (!this.retired.isEmpty()) {
			Set<String> deletes = new HashSet<>(this.retired.size() * 2);
			for (DedupEntry entry : this.retired) {
				// an entry replaced by a newer count of the same id stays
				if (this.dedup.get(entry.eventId) == entry) {
					this.dedup.remove(entry.eventId);
					deletes.add(entry.eventId);
				}
			}
			if (!deletes.isEmpty()) {
				dedupDeletes.put(this.name, deletes);
			}
		}
		if (this.now >= this.holdIdsUntil) {
			this.retired = this.retiring;
			this.retiring = new ArrayList<>();
		}
		if (this.metaChanged) {
			meta.put(this.name, StateCodec.encodeMeta(this.maxEventTime, this.watermark, this.nextEmitAt));
			this.metaChanged = false;
		}
	}

	// --- restore ----------------------------------------------------------------------------------------

	void restoreMeta(String value) {
		StateCodec.MetaRecord meta = StateCodec.decodeMeta(this.name, value);
		this.maxEventTime = meta.maxEventTime();
		this.watermark = meta.watermark();
		this.nextEmitAt = meta.nextEmitAt();
	}

	/**
	 * Input that was not acknowledged may come again, possibly over many checkpoints: keep every id,
	 * even of purged windows, until {@code until}, so that none of it is taken for a new event.
	 */
	void holdIds(long now, long until) {
		this.now = Math.max(this.now, now);
		this.holdIdsUntil = Math.max(this.holdIdsUntil, until);
	}

	/** Input could not be delivered until {@code now}: the idle clock did not run meanwhile. */
	void inputStalled(long now) {
		if (this.lastArrival != NONE) {
			this.lastArrival = Math.max(this.lastArrival, now);
		}
		this.now = Math.max(this.now, now);
	}

	void restarted(long now) {
		// the idle clock starts again: nothing is known about arrivals before the restart
		this.lastArrival = now;
		this.now = Math.max(this.now, now);
	}

	void restoreWindow(String field, StateCodec.WindowRecord record) {
		Object[] accumulators = new Object[this.functions.length];
		for (int i = 0; i < accumulators.length; i++) {
			Map<String, @Nullable Object> stored = record.accumulators();
			if (stored.containsKey(this.metrics[i])) {
				try {
					accumulators[i] = this.functions[i].fromSerialForm(stored.get(this.metrics[i]));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("window state '" + field + "', metric '" + this.metrics[i]
							+ "' (" + this.functions[i] + "): " + ex.getMessage(), ex);
				}
			}
			else {
				// a metric added to the pipeline since this window was checkpointed starts empty
				accumulators[i] = this.functions[i].createAccumulator();
			}
		}
		TimeWindow window = new TimeWindow(record.start(), record.end());
		WindowState state = new WindowState(record.key(), window, accumulators);
		state.revision = record.revision();
		state.fired = record.fired();
		state.changed = record.changed();
		state.events = record.events();
		state.duplicates = record.duplicates();
		state.invalidValues = record.invalidValues();
		state.persisted = true;
		state.field = field;
		state.emitted = record.emitted();
		state.toRetract = (record.toRetract() != null) ? new ArrayList<>(record.toRetract()) : null;
		TreeMap<TimeWindow, HashMap<String, WindowState>> windows = window.endMillis() <= this.watermark ? this.fired
				: this.open;
		if (windows.computeIfAbsent(window, (w) -> new HashMap<>()).put(state.key, state) == null) {
			this.windowCount++;
		}
		if (this.sessions) {
			this.sessionsByKey.computeIfAbsent(state.key, (k) -> new TreeMap<>()).put(window.startMillis(), state);
		}
		if (state.changed) {
			queue(state);
		}
	}

	/** Restores a key's alert state (see {@link AlertTracker#restore}); ignored when the pipeline has no alerts now. */
	void restoreAlert(String metaField, String value) {
		if (this.alerts != null) {
			this.alerts.restore(metaField, value);
		}
	}

	int openAlerts() {
		return (this.alerts != null) ? this.alerts.openCount() : 0;
	}

	void restoreDedup(String eventId, String value) {
		DedupEntry entry = StateCodec.decodeDedup(eventId, value);
		this.dedup.put(eventId, entry);
		index(entry);
	}

	/** Settles restored state that a checkpoint could not have left (e.g. a definition changed). */
	void afterRestore() {
		for (HashMap<String, WindowState> bucket : this.fired.values()) {
			for (WindowState state : bucket.values()) {
				if (!state.fired) {
					fire(state);
				}
			}
		}
		fireAndPurge();
	}

	// --- status -----------------------------------------------------------------------------------------

	@Nullable Instant watermark() {
		return this.watermark == NONE ? null : Instant.ofEpochMilli(this.watermark);
	}

	long windowCount() {
		return this.windowCount;
	}

	long dedupCount() {
		return this.dedup.size();
	}

	// --- saturating arithmetic: event times and durations near the ends of the range must not wrap ----

	private static long plus(long a, long b) {
		long r = a + b;
		return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
	}

	private static long minus(long a, long b) {
		long r = a - b;
		return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
	}

}
