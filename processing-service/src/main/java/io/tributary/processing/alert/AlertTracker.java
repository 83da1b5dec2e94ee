package io.tributary.processing.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.contract.Alert;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.MetricExpression;
import io.tributary.contract.pipeline.PipelineDefinition;
import org.jspecify.annotations.Nullable;

/**
 * The alert rules of one pipeline in one partition, and the state they keep per key: the anomaly
 * history and the open alert. Fed each fired window of each key ({@link #windowFired}) and the
 * watermark ({@link #watermark}); hands out alert revisions and the checkpoint delta of its state.
 * Not thread-safe: the partition's caller serialises all calls. Times: epoch milliseconds; window
 * ends and the watermark are event time, {@code now} is the wall clock (only stamped on alerts).
 */
public final class AlertTracker {

	/** Prefix of this tracker's fields in the partition's checkpoint meta hash. */
	public static final String FIELD_PREFIX = "alert|";

	private final String pipeline;

	private final List<Rule> rules = new ArrayList<>();

	/** Per state field (rule and key): the rule's state for that key. */
	private final Map<String, KeyState> states = new HashMap<>();

	/** States changed since the last checkpoint (forgotten ones included), by field. */
	private final Map<String, KeyState> delta = new HashMap<>();

	/** Event time after which a key's state without a window is forgotten (the pipeline's retention). */
	private final long forgetAfter;

	private int openCount;

	/** The earliest watermark at which an open alert may resolve for lack of windows. */
	private long nextQuietCheck = Long.MAX_VALUE;

	private long nextSweep = Long.MIN_VALUE;

	/**
	 * @throws IllegalArgumentException when a rule's condition does not compile
	 */
	public AlertTracker(PipelineDefinition definition) {
		this.pipeline = definition.name();
		List<String> metricNames = new ArrayList<>();
		definition.aggregates().forEach((a) -> metricNames.add(a.name()));
		definition.select().forEach((s) -> metricNames.add(s.name()));
		long windowLength = definition.windowLength().toMillis();
		for (AlertRule rule : definition.alerts()) {
			MetricExpression condition = (rule.when() != null) ? MetricExpression.compile(rule.when(), metricNames)
					: null;
			Duration resolveAfter = rule.resolveAfter();
			this.rules.add(new Rule(rule, condition, resolveAfter != null ? resolveAfter.toMillis() : windowLength));
		}
		this.forgetAfter = Math.max(definition.retention().toMillis(), windowLength);
	}

	/** The tracker of {@code definition}, or null when it declares no alerts. */
	public static @Nullable AlertTracker of(PipelineDefinition definition) {
		return definition.alerts().isEmpty() ? null : new AlertTracker(definition);
	}

	/**
	 * Judges a window of {@code key} that just fired, with its on-time metrics (select fields
	 * included). Windows of a key must come in order of end; one that ends no later than the last
	 * judged one (a window fired again) is not judged twice.
	 */
	public void windowFired(String key, long windowStart, long windowEnd, Map<String, @Nullable Object> metrics,
			long now, Consumer<Alert> out) {
		for (Rule rule : this.rules) {
			String field = field(rule.rule.name(), key);
			KeyState state = this.states.get(field);
			if (state != null && windowEnd <= state.lastWindowEnd) {
				continue;
			}
			boolean breach;
			Double value = null;
			Double expected = null;
			Double deviation = null;
			if (rule.condition != null) {
				breach = rule.condition.test(key, metrics);
				if (!breach && state == null) {
					// nothing to remember about a key that never breached a threshold
					continue;
				}
			}
			else {
				Object metric = metrics.get(rule.rule.metric());
				if (!(metric instanceof Number number) || !Double.isFinite(number.doubleValue())) {
					continue;
				}
				if (state == null) {
					state = newState(field, rule.rule.name(), key);
				}
				if (state.detector == null) {
					state.detector = new AnomalyDetector();
				}
				AnomalyDetector.Judgement judgement = state.detector.observe(number.doubleValue(), rule.rule);
				breach = judgement.breach();
				value = number.doubleValue();
				// the first value of a key has no history to be judged against
				if (state.detector.count > 1) {
					expected = judgement.expected();
					deviation = judgement.deviation();
				}
			}
			if (state == null) {
				state = newState(field, rule.rule.name(), key);
			}
			this.states.put(field, state);
			state.lastWindowEnd = windowEnd;
			Alert open = state.open;
			if (breach) {
				Instant at = Instant.ofEpochMilli(now);
				Alert next;
				if (open == null) {
					Instant start = Instant.ofEpochMilli(windowStart);
					next = new Alert(Alert.id(rule.rule.name(), key, start), this.pipeline, rule.rule.name(), key,
							Alert.Status.open, rule.rule.severity().text(), rule.rule.kind().text(),
							rule.rule.condition(), start, Instant.ofEpochMilli(windowEnd), 1, metrics, value, expected,
							deviation, at, at, null, null, 1);
					this.openCount++;
				}
				else {
					next = new Alert(open.id(), open.pipeline(), open.rule(), key, Alert.Status.open, open.severity(),
							open.kind(), open.condition(), open.windowStart(), Instant.ofEpochMilli(windowEnd),
							open.breaches() + 1, metrics, value, expected, deviation, open.openedAt(), at, null, null,
							open.revision() + 1);
				}
				state.open = next;
				this.nextQuietCheck = Math.min(this.nextQuietCheck, plus(windowEnd, rule.resolveAfter));
				out.accept(next);
			}
			else if (open != null) {
				resolve(state, "recovered", now, out);
			}
			changed(field, state);
		}
	}

	/**
	 * The watermark of the pipeline rose: open alerts of keys without a window for their rule's
	 * resolve-after resolve ("quiet"), and state of keys without a window for the retention goes.
	 */
	public void watermark(long watermark, long now, Consumer<Alert> out) {
		if (this.openCount > 0 && watermark >= this.nextQuietCheck) {
			long next = Long.MAX_VALUE;
			for (Rule rule : this.rules) {
				for (Map.Entry<String, KeyState> entry : this.states.entrySet()) {
					KeyState state = entry.getValue();
					if (state.open == null || !state.rule.equals(rule.rule.name())) {
						continue;
					}
					long deadline = plus(state.lastWindowEnd, rule.resolveAfter);
					if (deadline <= watermark) {
						resolve(state, "quiet", now, out);
						changed(entry.getKey(), state);
					}
					else {
						next = Math.min(next, deadline);
					}
				}
			}
			this.nextQuietCheck = next;
		}
		if (watermark >= this.nextSweep) {
			this.nextSweep = plus(watermark, Math.max(1, this.forgetAfter / 8));
			List<String> forgotten = new ArrayList<>();
			this.states.forEach((field, state) -> {
				if (state.open == null && plus(state.lastWindowEnd, this.forgetAfter) <= watermark) {
					forgotten.add(field);
				}
			});
			for (String field : forgotten) {
				KeyState state = this.states.remove(field);
				state.forgotten = true;
				this.delta.put(field, state);
			}
		}
	}

	private KeyState newState(String field, String rule, String key) {
		KeyState state = new KeyState(rule, key);
		KeyState dropped = this.delta.get(field);
		// the stored state of a forgotten one, not yet deleted, is this one's to overwrite or delete
		state.persisted = dropped != null && dropped.persisted;
		return state;
	}

	private void resolve(KeyState state, String resolution, long now, Consumer<Alert> out) {
		Alert open = state.open;
		if (open == null) {
			return;
		}
		Instant at = Instant.ofEpochMilli(now);
		Alert resolved = new Alert(open.id(), open.pipeline(), open.rule(), open.key(), Alert.Status.resolved,
				open.severity(), open.kind(), open.condition(), open.windowStart(), open.windowEnd(), open.breaches(),
				open.metrics(), open.value(), open.expected(), open.deviation(), open.openedAt(), at, at, resolution,
				open.revision() + 1);
		state.open = null;
		this.openCount--;
		out.accept(resolved);
	}

	private void changed(String field, KeyState state) {
		this.delta.put(field, state);
	}

	/** Number of open alerts. */
	public int openCount() {
		return this.openCount;
	}

	// --- checkpoints ------------------------------------------------------------------------------------

	/** Adds the state changed since the last call: upserts into {@code meta}, removals into {@code deletes}. */
	public void checkpoint(Map<String, String> meta, Set<String> deletes) {
		if (this.delta.isEmpty()) {
			return;
		}
		this.delta.forEach((field, state) -> {
			String name = FIELD_PREFIX + this.pipeline.length() + "|" + this.pipeline + "|" + field;
			if (state.forgotten || (state.open == null && state.detector == null)) {
				// a threshold rule's key without an open alert needs nothing kept
				if (this.states.get(field) == state) {
					this.states.remove(field);
				}
				if (state.persisted) {
					deletes.add(name);
				}
			}
			else {
				meta.put(name, WireFormat.writeString(state.record()));
				state.persisted = true;
			}
		});
		this.delta.clear();
	}

	/** The pipeline a checkpoint meta field of an alert tracker belongs to, or null for other fields. */
	public static @Nullable String pipelineOf(String metaField) {
		if (!metaField.startsWith(FIELD_PREFIX)) {
			return null;
		}
		int bar = metaField.indexOf('|', FIELD_PREFIX.length());
		try {
			int length = Integer.parseInt(metaField, FIELD_PREFIX.length(), bar, 10);
			return metaField.substring(bar + 1, bar + 1 + length);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("alert state field '" + metaField + "' is malformed", ex);
		}
	}

	/** Restores one state a checkpoint wrote; state of rules no longer declared is dropped. */
	public void restore(String metaField, String value) {
		String field = metaField.substring(FIELD_PREFIX.length() + Integer.toString(this.pipeline.length()).length()
				+ 1 + this.pipeline.length() + 1);
		StateRecord record;
		try {
			record = WireFormat.read(value, StateRecord.class);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("alert state '" + metaField + "': " + ex.getMessage(), ex);
		}
		if (record.rule() == null || record.key() == null) {
			throw new IllegalArgumentException("alert state '" + metaField + "' is incomplete: " + value);
		}
		Rule rule = this.rules.stream().filter((r) -> r.rule.name().equals(record.rule())).findFirst().orElse(null);
		KeyState state = new KeyState(record.rule(), record.key());
		state.persisted = true;
		if (rule == null) {
			// a rule no longer declared: its state goes with the next checkpoint
			state.forgotten = true;
			this.delta.put(field, state);
			return;
		}
		state.lastWindowEnd = record.lastWindowEnd();
		if (rule.condition == null && record.count() > 0) {
			state.detector = new AnomalyDetector(record.count(), record.mean(), record.variance());
		}
		state.open = record.open();
		if (state.open != null) {
			this.openCount++;
			this.nextQuietCheck = Math.min(this.nextQuietCheck, plus(state.lastWindowEnd, rule.resolveAfter));
		}
		this.states.put(field, state);
	}

	private static String field(String rule, String key) {
		return rule.length() + "|" + rule + "|" + key;
	}

	private static long plus(long a, long b) {
		long r = a + b;
		return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
	}

	private record Rule(AlertRule rule, @Nullable MetricExpression condition, long resolveAfter) {
	}

	/** What one rule keeps for one key. */
	private static final class KeyState {

		final String rule;

		final String key;

		long lastWindowEnd = Long.MIN_VALUE;

		@Nullable AnomalyDetector detector;

		@Nullable Alert open;

		/** Written by a checkpoint, so dropping it must delete it. */
		boolean persisted;

		/** Dropped: deleted by the next checkpoint. */
		boolean forgotten;

		KeyState(String rule, String key) {
			this.rule = rule;
			this.key = key;
		}

		StateRecord record() {
			AnomalyDetector d = this.detector;
			return new StateRecord(this.rule, this.key, this.lastWindowEnd, d == null ? 0 : d.count,
					d == null ? 0 : d.mean, d == null ? 0 : d.variance, this.open);
		}

	}

	/** The stored form of a key's state. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record StateRecord(@JsonProperty("rule") String rule, @JsonProperty("key") String key,
			@JsonProperty("last") long lastWindowEnd, @JsonProperty("n") long count, @JsonProperty("mean") double mean,
			@JsonProperty("var") double variance, @JsonProperty("open") @Nullable Alert open) {
	}

	/** Alerts in emission order, for callers that collect them. */
	public static Consumer<Alert> into(List<Alert> list) {
		return list::add;
	}

	/** For tests and status: the open alerts by id. */
	public Map<String, Alert> openAlerts() {
		Map<String, Alert> open = new LinkedHashMap<>();
		this.states.values().forEach((s) -> {
			if (s.open != null) {
				open.put(s.open.id(), s.open);
			}
		});
		return open;
	}

}
