package io.tributary.processing.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.forecast.Prediction;
import io.tributary.processing.window.assign.TimeWindow;
import io.tributary.processing.window.assign.WindowAssigner;
import org.jspecify.annotations.Nullable;

import static io.tributary.processing.time.TimeArithmetic.millis;

/**
 * The window operator of one pipeline in one partition: wires the assigner, the {@link Watermark},
 * the {@link WindowBuckets} (and for session windows the {@link SessionSet}), the {@link SeenIds},
 * the {@link Emitter} with its {@link EmitPolicy}, the {@link ForecastHooks}, the {@link FirstSeenHooks} and the
 * {@link AlertHooks}. Per event it recognises redeliveries and duplicates, finishes a first-seen pipeline's
 * filter and derived fields, counts the event in its windows (or records it late) and moves the
 * watermark; a rising watermark fires and purges windows. Times are epoch milliseconds; {@code now}
 * is the wall clock, used only for the idle timeout, the interim timer and the redelivery hold.
 */
final class PipelineOperator {

	/** No event time seen yet / no watermark yet / timer not started. */
	static final long NONE = Long.MIN_VALUE;

	final String name;

	final VersionStamp version;

	/** The stream the pipeline reads. */
	final String source;

	private final WindowAssigner assigner;

	/** Session windows: proto-sessions merged per key; null for any other window. Decided once. */
	private final @Nullable SessionSet sessions;

	private final Watermark watermark;

	private final SourceProgress progress;

	private final Aggregations aggregations;

	private final WindowBuckets buckets;

	private final SeenIds seenIds = new SeenIds();

	private final ChangedWindows changedWindows;

	private final EmitPolicy emitPolicy;

	private final Emitter emitter;

	private final AlertHooks alerts;

	private final ForecastHooks forecasts;

	private final FirstSeenHooks firstSeen;

	private final Outbox outbox;

	private final CheckpointDelta delta;

	/** The latest wall-clock time seen. */
	private long now = NONE;

	/**
	 * @param definition valid as the pipeline model ensures (durations in milliseconds, names unique)
	 * @throws IllegalArgumentException naming the pipeline when its window, aggregations, select
	 * fields or alert rules cannot be built
	 */
	/** @param sourceExpiry how long a source's progress marker counts without a newer one, in milliseconds */
	PipelineOperator(PipelineDefinition definition, long version, Outbox outbox, CheckpointDelta delta,
			long sourceExpiry) {
		this.name = definition.name();
		this.source = definition.source();
		this.progress = new SourceProgress(sourceExpiry);
		try {
			this.version = new VersionStamp(version);
			this.assigner = WindowAssigner.of(definition.window());
			this.aggregations = new Aggregations(definition);
			this.alerts = new AlertHooks(definition, version, this.aggregations, outbox);
			this.forecasts = new ForecastHooks(definition);
			this.firstSeen = new FirstSeenHooks(definition);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("pipeline '" + this.name + "': " + ex.getMessage(), ex);
		}
		this.outbox = outbox;
		this.watermark = new Watermark(millis(definition.watermark().maxOutOfOrderness()),
				millis(definition.watermark().idleTimeout()));
		this.buckets = new WindowBuckets(millis(this.assigner.allowedLateness()), this.aggregations);
		this.sessions = this.assigner.isMerging()
				? new SessionSet(this.name, this.buckets, this.aggregations, delta) : null;
		this.changedWindows = new ChangedWindows(this.name, this.aggregations);
		this.emitPolicy = new EmitPolicy(definition.emit());
		this.emitter = new Emitter(this.name, this.emitPolicy, this.aggregations, this.changedWindows, outbox,
				this.sessions != null, this.version, this.forecasts::forecast);
		this.delta = delta;
	}

	/** @throws IllegalArgumentException when the event time cannot be windowed */
	List<TimeWindow> windowsFor(KeyedEvent event) {
		return this.assigner.windowsFor(event.eventTime());
	}

	// --- events -----------------------------------------------------------------------------------------

	void process(KeyedEvent event, List<TimeWindow> windows, long now) {
		arrived(now);
		long eventTime = event.eventTime().toEpochMilli();
		DedupEntry seen = this.seenIds.get(event.eventId());
		if (seen != null) {
			if (seen.knows(event.ingestId())) {
				// a broker redelivery of an acceptance already applied: changes nothing
				this.outbox.redeliveries++;
				observe(eventTime);
				return;
			}
			if (seen.expiry > this.watermark.current()) {
				countDuplicate(seen, event.ingestId());
				observe(eventTime);
				return;
			}
			// the original's windows are purged: the id is free again, as if it had been forgotten
		}
		if (this.firstSeen.active()) {
			// after the duplicate check: a redelivery or retry is answered once, by its original
			KeyedEvent finished = this.firstSeen.finish(event);
			if (finished == null) {
				rememberRejected(event, windows);
				observe(eventTime);
				return;
			}
			event = finished;
		}
		if (this.sessions != null) {
			processInSession(event, windows);
			observe(eventTime);
			return;
		}
		long wm = this.watermark.current();
		List<TimeWindow> counted = windows;
		long expiry = NONE;
		String key = event.key();
		for (int i = 0; i < windows.size(); i++) {
			TimeWindow window = windows.get(i);
			if (this.buckets.isPurged(window, wm)) {
				late(event, window);
				if (counted == windows) {
					counted = new ArrayList<>(windows.subList(0, i));
				}
			}
			else {
				WindowState state = this.buckets.getOrCreate(event.key(), window, wm);
				apply(event, state);
				key = state.key;
				expiry = Math.max(expiry, this.buckets.purgeTime(window.endMillis()));
				if (counted != windows) {
					counted.add(window);
				}
			}
		}
		if (!counted.isEmpty()) {
			this.seenIds.remember(event, key, counted, expiry);
		}
		observe(eventTime);
	}

	/**
	 * The stream's events routed with the latest delivery reached event time {@code latest}: the
	 * watermark trails it as it trails this partition's own events, and the stream is not idle (an
	 * arrival: the idle clock, which adds to the largest event time seen, starts again).
	 */
	void streamTime(long latest, long now) {
		arrived(now);
		observe(latest);
	}

	/**
	 * Keeps the id of an event the window stage's filter rejected as long as a counted one's, so that
	 * its redelivery is not judged again against a membership that now holds its own value.
	 */
	private void rememberRejected(KeyedEvent event, List<TimeWindow> windows) {
		long wm = this.watermark.current();
		List<TimeWindow> live = new ArrayList<>(windows.size());
		long expiry = NONE;
		for (TimeWindow window : windows) {
			if (!this.buckets.isPurged(window, wm)) {
				live.add(window);
				expiry = Math.max(expiry, this.buckets.purgeTime(window.endMillis()));
			}
		}
		if (!live.isEmpty()) {
			this.seenIds.remember(event, live, expiry);
		}
	}

	private void processInSession(KeyedEvent event, List<TimeWindow> windows) {
		TimeWindow proto = windows.get(0);
		WindowState session = this.sessions.merge(event.key(), proto, this.watermark.current());
		if (session == null) {
			late(event, proto);
			return;
		}
		apply(event, session);
		// recognised for as long as the session is live (and extended if it grows: see SessionSet#retireOrExtend)
		this.seenIds.remember(event, session.key, windows,
				this.buckets.purgeTime(Math.max(proto.endMillis(), session.window.endMillis())));
	}

	private void apply(KeyedEvent event, WindowState state) {
		state.events++;
		Instant ingestTime = event.ingestTime();
		if (ingestTime != null) {
			long ingest = ingestTime.toEpochMilli();
			state.ingested(ingest, ingest);
		}
		int invalid = this.aggregations.add(state.accumulators, event);
		state.invalidValues += invalid;
		this.outbox.invalidValues += invalid;
		this.outbox.eventsAccepted++;
		this.emitter.changed(state);
	}

	private void late(KeyedEvent event, TimeWindow window) {
		this.outbox.late(new LateEventRecord(this.name, event.key(), window.start(), window.end(), event.eventId(),
				event.eventTime(), Instant.ofEpochMilli(this.watermark.current()), event.values()));
	}

	private void countDuplicate(DedupEntry original, String ingestId) {
		this.outbox.duplicates++;
		this.seenIds.addDuplicate(original, ingestId);
		if (this.sessions != null) {
			// the session that counted the original contains its proto-session, whatever it merged with since
			WindowState session = this.sessions.containing(original.key, original.windows.get(0).startMillis());
			if (session != null) {
				session.duplicates++;
				this.emitter.changed(session);
			}
			return;
		}
		for (TimeWindow window : original.windows) {
			WindowState state = this.buckets.get(original.key, window, this.watermark.current());
			if (state != null && !state.purged) {
				state.duplicates++;
				this.emitter.changed(state);
			}
		}
	}

	/**
	 * Something of the stream arrived at {@code now}: the idle time up to now counts first, then the
	 * idle clock starts again.
	 */
	private void arrived(long now) {
		this.now = Math.max(this.now, now);
		if (advanceIfIdle(now)) {
			fireAndPurge();
		}
		this.watermark.arrived(now);
	}

	private void observe(long eventTime) {
		if (this.watermark.observe(eventTime)) {
			fireAndPurge();
		}
	}

	// --- time -------------------------------------------------------------------------------------------

	/** Moves an idle watermark as far as the sources' evidence allows (see {@link SourceProgress}). */
	private boolean advanceIfIdle(long now) {
		long quietUntil = this.progress.quietUntil(now);
		return this.watermark.advanceIfIdle(now, quietUntil, this.progress.vouchedSince());
	}

	/** Idle watermark advance, firing, purging and due emissions. */
	void advance(long now) {
		this.now = Math.max(this.now, now);
		advanceIfIdle(now);
		fireAndPurge();
		this.emitter.flushFinal();
		this.emitter.flushInterim(now);
	}

	private void fireAndPurge() {
		long wm = this.watermark.current();
		Collection<WindowState> states;
		while ((states = this.buckets.pollDue(wm)) != null) {
			for (WindowState state : states) {
				if (!state.fired) {
					fire(state);
				}
			}
		}
		while ((states = this.buckets.pollPurgeable(wm)) != null) {
			for (WindowState state : states) {
				purge(state);
			}
		}
		List<DedupEntry> expired;
		while ((expired = this.seenIds.pollExpired(wm)) != null) {
			if (this.sessions != null) {
				this.sessions.retireOrExtend(expired, this.seenIds);
			}
			else {
				this.seenIds.retire(expired);
			}
		}
		this.forecasts.watermark(wm);
		this.firstSeen.watermark(wm);
		this.alerts.watermark(wm, this.now);
	}

	private void fire(WindowState state) {
		if (!this.forecasts.active()) {
			this.alerts.windowFired(state, this.emitter.fire(state), null, this.now);
			return;
		}
		// learned first, so that the window's own result carries the forecast that includes it; the
		// metrics are computed once, for the forecast and the result
		Map<String, @Nullable Object> metrics = this.aggregations.results(state);
		Prediction forecast = this.forecasts.windowFired(state, metrics);
		this.alerts.windowFired(state, this.emitter.fire(state, metrics), forecast, this.now);
	}

	private void purge(WindowState state) {
		this.emitter.purge(state);
		state.purged = true;
		this.buckets.uncounted();
		if (state.persisted) {
			this.delta.deleteWindow(state.field(this.name));
		}
		if (this.sessions != null) {
			this.sessions.forget(state);
		}
	}

	// --- checkpoints ------------------------------------------------------------------------------------

	/** Adds this pipeline's changes since the last checkpoint to the delta (see {@link SeenIds} for ids). */
	void checkpoint() {
		int before = this.delta.size();
		this.emitter.flushFinal();
		this.alerts.checkpoint(this.delta);
		this.forecasts.checkpoint(this.delta);
		this.firstSeen.checkpoint(this.delta);
		this.changedWindows.writeTo(this.delta);
		this.seenIds.checkpoint(this.name, this.now, this.delta);
		// both flags are taken: either change is written, and both start over
		if (this.watermark.takeChanged() | this.emitPolicy.takeChanged()) {
			this.delta.putMeta(this.name, StateCodec.encodeMeta(this.watermark.maxEventTime(),
					this.watermark.current(), this.emitPolicy.nextEmitAt()));
		}
		this.version.checkpoint(this.name, this.delta.size() != before, this.delta);
	}

	// --- restore ----------------------------------------------------------------------------------------

	void restoreMeta(String value) {
		StateCodec.MetaRecord meta = StateCodec.decodeMeta(this.name, value);
		this.watermark.restore(meta.maxEventTime(), meta.watermark());
		this.emitPolicy.restore(meta.nextEmitAt());
	}

	/** Keeps every id, even of purged windows, until wall-clock {@code until} (see {@link SeenIds}). */
	void holdIds(long now, long until) {
		this.now = Math.max(this.now, now);
		this.seenIds.holdUntil(until);
	}

	/** A progress marker of the pipeline's stream arrived (see {@link SourceProgress}). */
	void progress(String source, long until, long now) {
		this.progress.heard(source, until, now);
		this.now = Math.max(this.now, now);
	}

	/** Input could not be delivered until {@code now}: the idle clock did not run meanwhile. */
	void inputStalled(long now) {
		this.watermark.inputStalled(now);
		this.now = Math.max(this.now, now);
	}

	void restarted(long now) {
		// the idle clock starts again: nothing is known about arrivals before the restart
		this.watermark.arrived(now);
		this.now = Math.max(this.now, now);
	}

	void restoreWindow(String field, StateCodec.WindowRecord record) {
		WindowState state = StateCodec.decodeState(field, record,
				this.aggregations.restore(field, record.accumulators()));
		this.buckets.restore(state, this.watermark.current());
		if (this.sessions != null) {
			this.sessions.restore(state);
		}
		if (state.changed) {
			this.emitter.queue(state);
		}
	}

	void restoreAlert(String metaField, String value) {
		this.alerts.restore(metaField, value);
	}

	void restoreForecast(String metaField, String value) {
		this.forecasts.restore(metaField, value, this.delta);
	}

	void restoreFirstSeen(Map<String, String> fields) {
		this.firstSeen.restore(fields, this.delta);
	}

	void restoreDedup(String eventId, String value) {
		this.seenIds.restore(eventId, value);
	}

	/** Settles restored state that a checkpoint could not have left (e.g. a definition changed). */
	void afterRestore() {
		for (HashMap<String, WindowState> bucket : this.buckets.firedBuckets()) {
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
		return this.watermark.asInstant();
	}

	long windowCount() {
		return this.buckets.count();
	}

	StateSize size() {
		return new StateSize(this.buckets.count(), this.buckets.keyCount(), this.seenIds.size());
	}

	long dedupCount() {
		return this.seenIds.size();
	}

	int openAlerts() {
		return this.alerts.openCount();
	}

}
