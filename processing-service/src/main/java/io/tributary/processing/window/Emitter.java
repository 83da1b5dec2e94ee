package io.tributary.processing.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tributary.contract.Counts;
import io.tributary.contract.Forecast;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import io.tributary.processing.graph.GraphFunction;
import io.tributary.processing.graph.WindowGraph;
import org.jspecify.annotations.Nullable;

/**
 * Emits the results of one pipeline's windows into the outbox as {@link EmitPolicy} decides: at
 * once when a window fires or purges, or queued for the final flush and the interim timer. A
 * session's result also retracts what it emitted under starts it no longer has. A graph's window
 * emits its summary and then one result per node, all at the window's revision.
 */
final class Emitter {

	private final String pipeline;

	private final EmitPolicy policy;

	private final Aggregations aggregations;

	private final ChangedWindows changedWindows;

	private final Outbox outbox;

	private final boolean sessions;

	/** The pipeline version whose results these are. */
	private final VersionStamp version;

	/** A key's current forecast for its results; null for a pipeline without one. */
	private final Function<String, @Nullable Forecast> forecasts;

	private final List<WindowState> interimQueue = new ArrayList<>();

	private final List<WindowState> finalQueue = new ArrayList<>();

	Emitter(String pipeline, EmitPolicy policy, Aggregations aggregations, ChangedWindows changedWindows,
			Outbox outbox, boolean sessions, VersionStamp version, Function<String, @Nullable Forecast> forecasts) {
		this.version = version;
		this.forecasts = forecasts;
		this.pipeline = pipeline;
		this.policy = policy;
		this.aggregations = aggregations;
		this.changedWindows = changedWindows;
		this.outbox = outbox;
		this.sessions = sessions;
	}

	/** Records a change of content: queues the window for its next emission and for the checkpoint. */
	void changed(WindowState state) {
		state.changed = true;
		this.changedWindows.add(state);
		queue(state);
	}

	/** Queues the window for the emission its change calls for. */
	void queue(WindowState state) {
		EmitDecision decision = this.policy.onChange(state);
		if (decision == EmitDecision.FINAL) {
			if (!state.queuedForFinal) {
				state.queuedForFinal = true;
				this.finalQueue.add(state);
			}
		}
		else if (decision == EmitDecision.INTERIM && !state.queuedForInterim) {
			state.queuedForInterim = true;
			this.interimQueue.add(state);
		}
	}

	/**
	 * The watermark reached the window's end.
	 * @return the metrics emitted, or null when nothing was
	 */
	@Nullable Map<String, @Nullable Object> fire(WindowState state) {
		return fire(state, null);
	}

	/** {@link #fire(WindowState)} with the window's metrics computed already (null: computed here). */
	@Nullable Map<String, @Nullable Object> fire(WindowState state, @Nullable Map<String, @Nullable Object> metrics) {
		state.fired = true;
		this.changedWindows.add(state);
		EmitDecision decision = this.policy.onFire(state);
		return (decision == EmitDecision.NONE) ? null : emit(state, decision == EmitDecision.FINAL, metrics);
	}

	/** The window goes: late changes not emitted yet go out before it. */
	void purge(WindowState state) {
		EmitDecision decision = this.policy.onPurge(state);
		if (decision != EmitDecision.NONE) {
			emit(state, decision == EmitDecision.FINAL);
		}
	}

	/** New revisions of fired windows that took late events (within allowed lateness): one per window. */
	void flushFinal() {
		for (WindowState state : this.finalQueue) {
			state.queuedForFinal = false;
			if (this.policy.onFinalFlush(state) == EmitDecision.FINAL) {
				emit(state, true);
			}
		}
		this.finalQueue.clear();
	}

	/** Interim results of the changed windows, when the interim timer is due at wall-clock {@code now}. */
	void flushInterim(long now) {
		if (this.interimQueue.isEmpty() || !this.policy.interimDue(now)) {
			return;
		}
		boolean emitted = false;
		for (WindowState state : this.interimQueue) {
			state.queuedForInterim = false;
			if (this.policy.onInterimTimer(state) == EmitDecision.INTERIM) {
				emit(state, false);
				emitted = true;
			}
		}
		this.interimQueue.clear();
		if (emitted) {
			this.policy.interimEmitted(now);
		}
	}

	/**
	 * One revision per emission of a window: storage keeps the highest, so this never goes back; a
	 * window of a new version starts above every revision an older version can have emitted.
	 * @return the metrics emitted
	 */
	private Map<String, @Nullable Object> emit(WindowState state, boolean isFinal) {
		return emit(state, isFinal, null);
	}

	private Map<String, @Nullable Object> emit(WindowState state, boolean isFinal,
			@Nullable Map<String, @Nullable Object> metrics) {
		state.revision = Math.max(state.revision, this.version.revisionBase()) + 1;
		state.changed = false;
		this.changedWindows.add(state);
		Map<String, @Nullable Object> values = (metrics != null) ? metrics : this.aggregations.results(state);
		// the serial forms travel with the result so that query can merge windows into a roll-up
		this.outbox.result(new WindowResult(this.pipeline, state.key, state.window.start(), state.window.end(), isFinal,
				state.revision, this.version.version, values, new Counts(state.events, 0, state.duplicates),
				this.aggregations.resultForms(state.accumulators), this.forecasts.apply(state.key)));
		emitNodes(state, isFinal);
		this.outbox.ingested(this.pipeline, state.oldestIngest, state.newestIngest);
		state.oldestIngest = Long.MAX_VALUE;
		state.newestIngest = Long.MIN_VALUE;
		if (this.sessions) {
			retractMoved(state);
		}
		return values;
	}

	/**
	 * A graph window's node results: each node whose metrics changed since the window's last emission
	 * (every node the first time; after a late edge its ends and, when it joined two components, every
	 * member of the joined one), at the window's revision, so storage holds each node's newest
	 * metrics. Nodes never leave a window's graph, so nothing is retracted.
	 */
	private void emitNodes(WindowState state, boolean isFinal) {
		GraphFunction graph = this.aggregations.graph();
		WindowGraph windowGraph = this.aggregations.graphOf(state.accumulators);
		if (graph == null || windowGraph == null) {
			return;
		}
		graph.metrics().eachChangedNode(windowGraph, (node, edgeEvents, metrics) -> this.outbox.result(new WindowResult(
				this.pipeline, node, state.window.start(), state.window.end(), isFinal, state.revision,
				this.version.version, metrics, new Counts(edgeEvents, 0, 0), null, null)));
		windowGraph.emitted();
	}

	/**
	 * After a session's result: retracts what was emitted under starts it no longer has (in the same
	 * outbox, after the result that replaces them), and notes this emission for a later move.
	 */
	private void retractMoved(WindowState state) {
		long start = state.window.startMillis();
		if (state.toRetract != null) {
			for (SessionEmission old : state.toRetract) {
				if (old.start() != start) {
					this.outbox.retraction(new WindowRetraction(this.pipeline, state.key,
							Instant.ofEpochMilli(old.start()), Instant.ofEpochMilli(old.end()),
							old.revision() + 1, state.window.start(), state.window.end()));
				}
			}
			state.toRetract = null;
		}
		state.emitted = new SessionEmission(start, state.window.endMillis(), state.revision);
	}

}
