package io.tributary.processing.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Alert;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.MetricExpression;
import io.tributary.processing.forecast.Prediction;
import org.jspecify.annotations.Nullable;

/**
 * One alert rule, ready to judge a key's fired window: a threshold rule tests its compiled
 * condition on the window's metrics, an anomaly rule tests the watched metric against the key's
 * own history, a forecast rule tests it against what the pipeline's forecast expected of the window.
 */
final class RuleJudge {

	private static final Verdict BREACHED = new Verdict(true, null, null, null);

	private static final Verdict CLEAR = new Verdict(false, null, null, null);

	/** Standard deviations below this fraction of the forecast's size count as this, not as zero. */
	private static final double RELATIVE_FLOOR = 1e-9;

	final AlertRule rule;

	/** What alerts of this rule say of it. */
	final Alert.Severity severity;

	final Alert.Kind kind;

	/** The rule in words. */
	final String condition;

	/** The threshold condition; null for an anomaly rule. */
	private final @Nullable MetricExpression test;

	/** Event time without a window after which an open alert of a key resolves ("quiet"). */
	final long resolveAfter;

	/**
	 * @param metricNames the names a condition may use (aggregates and select fields)
	 * @param windowLength the resolve-after of a rule that declares none
	 * @throws IllegalArgumentException when the rule's condition does not compile
	 */
	RuleJudge(AlertRule rule, List<String> metricNames, long windowLength) {
		this.rule = rule;
		this.test = (rule.when() != null) ? MetricExpression.compile(rule.when(), metricNames) : null;
		this.severity = switch (rule.severity()) {
			case INFO -> Alert.Severity.info;
			case WARNING -> Alert.Severity.warning;
			case CRITICAL -> Alert.Severity.critical;
		};
		this.kind = switch (rule.kind()) {
			case THRESHOLD -> Alert.Kind.threshold;
			case ANOMALY -> Alert.Kind.anomaly;
			case FORECAST -> Alert.Kind.forecast;
		};
		this.condition = rule.condition();
		Duration resolveAfter = rule.resolveAfter();
		this.resolveAfter = (resolveAfter != null) ? resolveAfter.toMillis() : windowLength;
	}

	String name() {
		return this.rule.name();
	}

	/** Whether the rule judges against a key's history (an anomaly rule) rather than a condition. */
	boolean needsHistory() {
		return this.rule.kind() == AlertRule.Kind.ANOMALY;
	}

	/** Whether the rule judges against the pipeline's forecast. */
	boolean judgesForecast() {
		return this.rule.kind() == AlertRule.Kind.FORECAST;
	}

	/** A threshold rule's verdict on a window's metrics. */
	Verdict threshold(String key, Map<String, @Nullable Object> metrics) {
		MetricExpression test = this.test;
		if (test == null) {
			throw new IllegalStateException("rule '" + name() + "' is not a threshold rule");
		}
		return test.test(key, metrics) ? BREACHED : CLEAR;
	}

	/** The watched metric of an anomaly rule in {@code metrics}; NaN when it is absent or not a finite number. */
	double watched(Map<String, @Nullable Object> metrics) {
		Object metric = metrics.get(this.rule.metric());
		if (!(metric instanceof Number number) || !Double.isFinite(number.doubleValue())) {
			return Double.NaN;
		}
		return number.doubleValue();
	}

	/** An anomaly rule's verdict on {@code value}, which then joins {@code history}. */
	Verdict anomaly(double value, AnomalyDetector history) {
		AnomalyDetector.Judgement judgement = history.observe(value, this.rule);
		// the first value of a key has no history to be judged against
		boolean judged = history.count > 1;
		return new Verdict(judgement.breach(), value, judged ? judgement.expected() : null,
				judged ? judgement.deviation() : null);
	}

	/**
	 * A forecast rule's verdict on {@code value}, given what the forecast expected of its window:
	 * judged once the forecast's error variance rests on {@code warm-up} errors.
	 */
	Verdict forecast(double value, Prediction forecast) {
		double floor = RELATIVE_FLOOR * Math.max(1.0, Math.abs(forecast.expected()));
		double deviation = (value - forecast.expected()) / Math.max(forecast.stdDev(), floor);
		boolean breach = forecast.errors() >= this.rule.warmUp() && switch (this.rule.direction()) {
			case UP -> deviation > this.rule.sensitivity();
			case DOWN -> deviation < -this.rule.sensitivity();
			case BOTH -> Math.abs(deviation) > this.rule.sensitivity();
		};
		return new Verdict(breach, value, forecast.expected(), deviation);
	}

	/**
	 * Whether a window breached the rule, and for anomaly rules what it was judged on.
	 *
	 * @param value     anomaly rules: the watched metric's value
	 * @param expected  anomaly rules with history: the recent average; forecast rules: the forecast
	 * @param deviation anomaly rules with history: standard deviations away from it (forecast rules:
	 *                  standard deviations of the forecast's error)
	 */
	record Verdict(boolean breach, @Nullable Double value, @Nullable Double expected, @Nullable Double deviation) {

		/** What a breaching window with this verdict tells its alert. */
		Alert.Breach of(long windowEnd, Map<String, @Nullable Object> metrics) {
			return new Alert.Breach(Instant.ofEpochMilli(windowEnd), metrics, this.value, this.expected, this.deviation);
		}

	}

}
