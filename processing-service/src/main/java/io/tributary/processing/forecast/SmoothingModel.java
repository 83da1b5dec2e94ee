package io.tributary.processing.forecast;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * One key's exponential smoothing model over its window series, in the error-correction form of
 * ETS(A,A,N) (Holt) and ETS(A,A,A) (additive Holt-Winters): with the forecast
 * {@code ŷ = level + trend + season[t]} and its error {@code e = y - ŷ}, each window updates
 * {@code level += trend + alpha e}, {@code trend += beta e}, {@code season[t] += gamma e}. Windows are
 * numbered by their start divided by the slide, so a season's components are aligned to the epoch.
 * <p>
 * It starts from the first windows ({@link ModelSettings#warmUpWindows()}): Holt-Winters from two
 * seasons (the trend from the difference of their means, each component from the detrended values
 * at its position), Holt from a least-squares line. A window missing from the series (no events,
 * or no value of the metric) is a missing value: the model steps over it on its own forecast, and
 * the error after a gap is judged with the variance of a forecast that many windows ahead.
 * <p>
 * The variance of the one-step-ahead errors is their exponentially weighted mean square (weight of
 * the newest at least {@link #ERROR_MEMORY}); once {@link #MIN_ERRORS} were seen, an error beyond
 * {@link #CLIP} standard deviations is learned as that bound, so one spike barely moves the model
 * while a lasting shift is still learned over a few windows.
 */
final class SmoothingModel {

	/** One-step errors needed before the model forecasts (and clips errors). */
	static final int MIN_ERRORS = 10;

	/** Standard deviations beyond which an error is learned clipped. */
	static final double CLIP = 4.0;

	/** The least weight of the newest squared error in the variance (about the last 100 windows). */
	static final double ERROR_MEMORY = 0.02;

	private final ModelSettings settings;

	/** Window number of the first value seen. */
	long firstIndex;

	/** Window number of the last window learned (or, after a warm-up with a gap, the warm-up's end). */
	long lastIndex = Long.MIN_VALUE;

	/** Windows with a value learned. */
	long learned;

	/** The warm-up values by window number from {@link #firstIndex} (NaN: missing); null once started. */
	double @Nullable [] warmUp;

	double level;

	double trend;

	/** Seasonal components by window number modulo the season; null without a season or before the start. */
	double @Nullable [] season;

	long errors;

	double meanSquaredError;

	SmoothingModel(ModelSettings settings) {
		this.settings = settings;
	}

	ModelSettings settings() {
		return this.settings;
	}

	/** Whether the warm-up is over. */
	boolean started() {
		return this.learned > 0 && this.warmUp == null;
	}

	/** Whether it has measured enough errors to forecast with an interval. */
	boolean ready() {
		return started() && this.errors >= MIN_ERRORS;
	}

	/**
	 * Learns the value of window {@code index} (numbers must rise).
	 * @return what the model forecast for it before; null during the warm-up and before any error was measured
	 */
	@Nullable Prediction observe(long index, double value) {
		if (this.learned > 0 && index <= this.lastIndex) {
			return null;
		}
		this.learned++;
		if (this.warmUp != null || this.learned == 1) {
			int windows = this.settings.warmUpWindows();
			if (this.warmUp == null) {
				this.warmUp = new double[windows];
				Arrays.fill(this.warmUp, Double.NaN);
				this.firstIndex = index;
			}
			long offset = index - this.firstIndex;
			if (offset < windows) {
				this.warmUp[(int) offset] = value;
				this.lastIndex = index;
				if (offset == windows - 1) {
					start();
				}
				return null;
			}
			// the warm-up ended in a gap: start from what it saw, then learn this one
			start();
		}
		return step(index, value);
	}

	private @Nullable Prediction step(long index, double value) {
		long ahead = index - this.lastIndex;
		this.level += (ahead - 1) * this.trend;
		int position = position(index);
		double expected = this.level + this.trend + ((this.season != null) ? this.season[position] : 0);
		double stdDev = Math.sqrt(this.meanSquaredError * this.settings.varianceFactor(ahead));
		Prediction prediction = (this.errors > 0) ? new Prediction(expected, stdDev, this.errors) : null;
		double error = value - expected;
		if (this.errors >= MIN_ERRORS && stdDev > 0) {
			error = Math.max(-CLIP * stdDev, Math.min(CLIP * stdDev, error));
		}
		if (ahead == 1) {
			this.errors++;
			double weight = Math.max(ERROR_MEMORY, 1.0 / this.errors);
			this.meanSquaredError += weight * (error * error - this.meanSquaredError);
		}
		this.level += this.trend + this.settings.alpha() * error;
		this.trend += this.settings.beta() * error;
		if (this.season != null) {
			this.season[position] += this.settings.gamma() * error;
		}
		this.lastIndex = index;
		return prediction;
	}

	/** The forecast {@code h} windows after the last one learned (its value; the interval is the caller's). */
	double forecast(long h) {
		double value = this.level + h * this.trend;
		return (this.season != null) ? value + this.season[position(this.lastIndex + h)] : value;
	}

	/** The standard deviation of the error of {@link #forecast(long)} {@code h} windows ahead. */
	double stdDev(long h) {
		return Math.sqrt(this.meanSquaredError * this.settings.varianceFactor(h));
	}

	private int position(long index) {
		return (this.settings.seasonal()) ? (int) Math.floorMod(index, (long) this.settings.seasonWindows()) : 0;
	}

	/** Ends the warm-up: level, trend (and season) from the values seen, as of its last window. */
	private void start() {
		double[] values = this.warmUp;
		if (values == null) {
			return;
		}
		int windows = values.length;
		this.lastIndex = this.firstIndex + windows - 1;
		if (this.settings.seasonal()) {
			startSeasonal(values);
		}
		else {
			startLine(values);
		}
		this.warmUp = null;
	}

	private void startSeasonal(double[] values) {
		int m = this.settings.seasonWindows();
		double mean1 = mean(values, 0, m);
		double mean2 = mean(values, m, 2 * m);
		if (Double.isNaN(mean2)) {
			mean2 = mean1;
		}
		double slope = (mean2 - mean1) / m;
		double middle = (m - 1) / 2.0;
		double[] components = new double[m];
		int[] counts = new int[m];
		for (int i = 0; i < 2 * m; i++) {
			if (!Double.isNaN(values[i])) {
				int position = position(this.firstIndex + i);
				components[position] += values[i] - (mean1 + slope * (i - middle));
				counts[position]++;
			}
		}
		double sum = 0;
		for (int p = 0; p < m; p++) {
			components[p] = (counts[p] > 0) ? components[p] / counts[p] : 0;
			sum += components[p];
		}
		// components sum to zero; what they shared belongs to the level
		double shared = sum / m;
		for (int p = 0; p < m; p++) {
			components[p] -= shared;
		}
		this.season = components;
		this.trend = slope;
		this.level = mean1 + slope * (2 * m - 1 - middle) + shared;
	}

	private void startLine(double[] values) {
		double n = 0;
		double sumX = 0;
		double sumY = 0;
		for (int i = 0; i < values.length; i++) {
			if (!Double.isNaN(values[i])) {
				n++;
				sumX += i;
				sumY += values[i];
			}
		}
		double meanX = sumX / n;
		double meanY = sumY / n;
		double sxy = 0;
		double sxx = 0;
		for (int i = 0; i < values.length; i++) {
			if (!Double.isNaN(values[i])) {
				sxy += (i - meanX) * (values[i] - meanY);
				sxx += (i - meanX) * (i - meanX);
			}
		}
		this.trend = (sxx > 0) ? sxy / sxx : 0;
		this.level = meanY + this.trend * (values.length - 1 - meanX);
	}

	private static double mean(double[] values, int from, int to) {
		double sum = 0;
		int n = 0;
		for (int i = from; i < to; i++) {
			if (!Double.isNaN(values[i])) {
				sum += values[i];
				n++;
			}
		}
		return (n > 0) ? sum / n : Double.NaN;
	}

}
