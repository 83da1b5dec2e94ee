package io.tributary.processing.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.tributary.contract.Alert;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.processing.forecast.Prediction;
import org.jspecify.annotations.Nullable;

/**
 * The alert rules of one pipeline in one partition, as the window operator drives them: each fired
 * window of each key is judged by each rule ({@link RuleJudge}), breaches and recoveries move the
 * key's alert along its lifecycle ({@link AlertLifecycle}), the watermark resolves quiet alerts and
 * sweeps idle state ({@link RetentionSweep}), and checkpoints carry the changed state
 * ({@link KeyStates}, {@link AlertStateCodec}).
 * <p>
 * Not thread-safe: the partition's caller serialises all calls. Times: epoch milliseconds; window
 * ends and the watermark are event time, {@code now} is the wall clock (only stamped on alerts).
 */
public final class AlertTracker {

	/** Prefix of this tracker's fields in the partition's checkpoint meta hash. */
	public static final String FIELD_PREFIX = AlertStateCodec.FIELD_PREFIX;

	private final List<RuleJudge> rules = new ArrayList<>();

	private final KeyStates states;

	private final AlertLifecycle lifecycle;

	private final RetentionSweep sweep;

	private final AlertStateCodec codec;

	/**
	 * @param version the pipeline version that raises the alerts: their revisions lie in its range
	 * @throws IllegalArgumentException when a rule's condition does not compile, or the version is below 1
	 */
	public AlertTracker(PipelineDefinition definition, long version) {
		List<String> metricNames = definition.metricNames();
		long windowLength = definition.windowLength().toMillis();
		for (AlertRule rule : definition.alerts()) {
			this.rules.add(new RuleJudge(rule, metricNames, windowLength));
		}
		this.codec = new AlertStateCodec(definition.name());
		this.states = new KeyStates(this.codec);
		this.lifecycle = new AlertLifecycle(definition.name(), version);
		// the pipeline's retention, at least a window
		this.sweep = new RetentionSweep(Math.max(definition.retention().toMillis(), windowLength));
	}

	/** The tracker of {@code version} of {@code definition}, or null when it declares no alerts. */
	public static @Nullable AlertTracker of(PipelineDefinition definition, long version) {
		return definition.alerts().isEmpty() ? null : new AlertTracker(definition, version);
	}

	/**
	 * Judges a window of {@code key} that just fired, with its on-time metrics (select fields
	 * included). Windows of a key must come in order of end; one that ends no later than the last
	 * judged one (a window fired again) is not judged twice.
	 */
	public void windowFired(String key, long windowStart, long windowEnd, Map<String, @Nullable Object> metrics,
			long now, Consumer<Alert> out) {
		windowFired(key, windowStart, windowEnd, metrics, null, now, out);
	}

	/**
	 * Like {@link #windowFired(String, long, long, Map, long, Consumer)}, with what the pipeline's
	 * forecast expected of the window (null when it had no forecast for it): forecast rules judge only
	 * a window with one.
	 */
	public void windowFired(String key, long windowStart, long windowEnd, Map<String, @Nullable Object> metrics,
			@Nullable Prediction forecast, long now, Consumer<Alert> out) {
		for (RuleJudge rule : this.rules) {
			String field = AlertStateCodec.field(rule.name(), key);
			KeyState state = this.states.get(field);
			if (state != null && windowEnd <= state.lastWindowEnd) {
				continue;
			}
			RuleJudge.Verdict verdict;
			if (rule.needsHistory()) {
				double value = rule.watched(metrics);
				if (Double.isNaN(value)) {
					continue;
				}
				if (state == null) {
					state = this.states.create(field, rule.name(), key);
				}
				verdict = rule.anomaly(value, state.history());
			}
			else {
				if (rule.judgesForecast()) {
					double value = rule.watched(metrics);
					if (forecast == null || Double.isNaN(value)) {
						continue;
					}
					verdict = rule.forecast(value, forecast);
				}
				else {
					verdict = rule.threshold(key, metrics);
				}
				if (!verdict.breach() && state == null) {
					// nothing to remember about a key that never breached a threshold or its forecast
					continue;
				}
				if (state == null) {
					state = this.states.create(field, rule.name(), key);
				}
			}
			this.states.put(field, state);
			state.lastWindowEnd = windowEnd;
			if (verdict.breach()) {
				this.lifecycle.breached(state, rule, windowStart, windowEnd, metrics, verdict, now, out);
			}
			else {
				this.lifecycle.cleared(state, now, out);
			}
			this.states.changed(field, state);
		}
	}

	/**
	 * The watermark of the pipeline rose: open alerts of keys without a window for their rule's
	 * resolve-after resolve ("quiet"), and state of keys without a window for the retention goes.
	 */
	public void watermark(long watermark, long now, Consumer<Alert> out) {
		this.lifecycle.watermark(watermark, this.rules, this.states, now, out);
		this.sweep.watermark(watermark, this.states);
	}

	/** Number of open alerts. */
	public int openCount() {
		return this.lifecycle.openCount();
	}

	/** Adds the state changed since the last call: upserts into {@code meta}, removals into {@code deletes}. */
	public void checkpoint(Map<String, String> meta, Set<String> deletes) {
		this.states.checkpoint(meta, deletes);
	}

	/** The pipeline a checkpoint meta field of an alert tracker belongs to, or null for other fields. */
	public static @Nullable String pipelineOf(String metaField) {
		return AlertStateCodec.pipelineOf(metaField);
	}

	/** Restores one state a checkpoint wrote; state of rules no longer declared is dropped. */
	public void restore(String metaField, String value) {
		String field = this.codec.stateField(metaField);
		AlertStateCodec.StateRecord record = this.codec.read(metaField, value);
		RuleJudge rule = rule(record.rule());
		if (rule == null) {
			// a rule no longer declared: its state goes with the next checkpoint
			KeyState state = new KeyState(record.rule(), record.key());
			state.persisted = true;
			this.states.forgetRestored(field, state);
			return;
		}
		KeyState state = record.toState(rule.needsHistory());
		this.lifecycle.restored(state, rule);
		this.states.put(field, state);
	}

	private @Nullable RuleJudge rule(String name) {
		for (RuleJudge rule : this.rules) {
			if (rule.name().equals(name)) {
				return rule;
			}
		}
		return null;
	}

	/** Alerts in emission order, for callers that collect them. */
	public static Consumer<Alert> into(List<Alert> list) {
		return list::add;
	}

	/** For tests and status: the open alerts by id. */
	public Map<String, Alert> openAlerts() {
		return this.states.openAlerts();
	}

}
