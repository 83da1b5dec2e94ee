package io.tributary.processing.forecast;

import java.util.Random;

/**
 * A generated window series with known true values: a level, a linear trend, an additive daily
 * season (a sine with a second harmonic) and Gaussian noise; optionally spikes at chosen windows.
 */
record SeasonalSeries(double base, double slope, double amplitude, int season, double noise, long seed) {

	/** The true (noise-free) value of window {@code t}. */
	double truth(long t) {
		double phase = 2 * Math.PI * Math.floorMod(t, (long) Math.max(1, this.season)) / Math.max(1, this.season);
		double seasonal = (this.season == 0) ? 0 : this.amplitude * (Math.sin(phase) + 0.3 * Math.cos(2 * phase));
		return this.base + this.slope * t + seasonal;
	}

	/** Observed values of windows {@code 0 .. n-1}: the truth plus noise. */
	double[] observed(int n) {
		Random random = new Random(this.seed);
		double[] values = new double[n];
		for (int t = 0; t < n; t++) {
			values[t] = truth(t) + this.noise * random.nextGaussian();
		}
		return values;
	}

}
