package io.tributary.processing.alert;

import io.tributary.contract.pipeline.AlertRule;

/**
 * One key's history of one metric: an exponentially weighted moving average and variance (the
 * incremental form in Finch, "Incremental calculation of weighted mean and variance", 2009), and
 * the z-score of each new value against them.
 * <p>
 * Until {@code 1 / smoothing} values are seen the weight of the newest is {@code 1 / n}, so the
 * early estimate is the plain mean and variance of what was seen rather than one biased toward the
 * first value. A value is judged only after {@code warmUp} values. A breaching value updates the
 * history clipped to the alerting bound, so one spike barely moves the baseline while a lasting
 * level shift is still learned over a few windows.
 */
final class AnomalyDetector {

	/** Standard deviations below this fraction of the mean's size count as this, not as zero. */
	private static final double RELATIVE_FLOOR = 1e-9;

	long count;

	double mean;

	double variance;

	AnomalyDetector() {
	}

	AnomalyDetector(long count, double mean, double variance) {
		this.count = count;
		this.mean = mean;
		this.variance = variance;
	}

	/** How a value compares with the history before it. */
	record Judgement(boolean breach, double expected, double deviation) {
	}

	/** Judges {@code value} against the history (null during warm-up), then adds it to the history. */
	Judgement observe(double value, AlertRule rule) {
		double std = Math.sqrt(this.variance);
		double floor = RELATIVE_FLOOR * Math.max(1.0, Math.abs(this.mean));
		double deviation = (this.count == 0) ? 0 : (value - this.mean) / Math.max(std, floor);
		boolean warm = this.count >= rule.warmUp();
		boolean breach = warm && switch (rule.direction()) {
			case UP -> deviation > rule.sensitivity();
			case DOWN -> deviation < -rule.sensitivity();
			case BOTH -> Math.abs(deviation) > rule.sensitivity();
		};
		Judgement judgement = new Judgement(breach, this.mean, deviation);
		double learned = value;
		if (breach) {
			double bound = rule.sensitivity() * Math.max(std, floor);
			learned = Math.max(this.mean - bound, Math.min(this.mean + bound, value));
		}
		this.count++;
		double weight = Math.max(rule.smoothing(), 1.0 / this.count);
		double diff = learned - this.mean;
		double increment = weight * diff;
		this.mean += increment;
		this.variance = (1 - weight) * (this.variance + diff * increment);
		return judgement;
	}

}
