package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One alert rule of a pipeline, judged on each window of each key when the window fires (on its
 * on-time metrics). Either a threshold ({@code when}: a condition over the metrics) or an anomaly
 * rule ({@code metric} judged against the key's own recent history: an exponentially weighted mean
 * and variance, alerting beyond {@code sensitivity} standard deviations once {@code warmUp} windows
 * of history exist), or a forecast rule ({@code metric} judged against the one-step forecast of
 * the pipeline's {@code forecast} of it: alerting beyond {@code sensitivity} standard deviations of
 * its one-step-ahead error once {@code warmUp} such errors were measured).
 *
 * @param resolveAfter an open alert of a key that has no fired window for this long (in event time)
 *                     resolves; null: one window length (size, slide or gap)
 * @param notifyTargets where each revision of its alerts is delivered ({@code notify}); empty: stored
 *                     and served only
 */
public record AlertRule(String name, Kind kind, @Nullable Expression when, @Nullable String metric,
		double sensitivity, int warmUp, double smoothing, Direction direction, Severity severity,
		@Nullable Duration resolveAfter, String location, List<NotifyTarget> notifyTargets) {

	public static final double DEFAULT_SENSITIVITY = 4.0;

	public static final int DEFAULT_WARM_UP = 20;

	public static final double DEFAULT_SMOOTHING = 0.1;

	public AlertRule {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(kind, "kind");
		if (kind == Kind.THRESHOLD && when == null) {
			throw new IllegalArgumentException("a threshold rule needs a condition");
		}
		if ((kind == Kind.ANOMALY || kind == Kind.FORECAST) && metric == null) {
			throw new IllegalArgumentException("an " + kind.text() + " rule needs a metric");
		}
		notifyTargets = List.copyOf(notifyTargets);
	}

	/** A rule without notification targets. */
	public AlertRule(String name, Kind kind, @Nullable Expression when, @Nullable String metric, double sensitivity,
			int warmUp, double smoothing, Direction direction, Severity severity, @Nullable Duration resolveAfter,
			String location) {
		this(name, kind, when, metric, sensitivity, warmUp, smoothing, direction, severity, resolveAfter, location,
				List.of());
	}

	/** A threshold rule with the defaults. */
	public static AlertRule threshold(String name, Expression when, Severity severity) {
		return new AlertRule(name, Kind.THRESHOLD, when, null, DEFAULT_SENSITIVITY, DEFAULT_WARM_UP,
				DEFAULT_SMOOTHING, Direction.BOTH, severity, null, when.location());
	}

	/** The condition in words, as alerts carry it. */
	public String condition() {
		if (this.kind == Kind.THRESHOLD) {
			return Objects.requireNonNull(this.when).text();
		}
		String side = switch (this.direction) {
			case UP -> "above";
			case DOWN -> "below";
			case BOTH -> "away from";
		};
		if (this.kind == Kind.FORECAST) {
			return this.metric + " more than " + format(this.sensitivity) + " standard deviations " + side
					+ " its forecast";
		}
		return this.metric + " more than " + format(this.sensitivity) + " standard deviations " + side
				+ " its recent average";
	}

	private static String format(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : Double.toString(value);
	}

	public enum Kind {

		THRESHOLD, ANOMALY, FORECAST;

		public String text() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** Which deviations of an anomaly rule alert. */
	public enum Direction {

		UP, DOWN, BOTH

	}

	public enum Severity {

		INFO, WARNING, CRITICAL;

		public String text() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
