package io.tributary.processing.forecast;

import io.tributary.contract.pipeline.ForecastSpec;

/**
 * The settings of one pipeline's models: the method, the season in windows and the smoothing
 * parameters of the error-correction form (alpha for the level, beta for the trend, gamma for the
 * season).
 *
 * @param seasonWindows windows per season; 0 for Holt (no season)
 */
record ModelSettings(ForecastSpec.Method method, int seasonWindows, double alpha, double beta, double gamma) {

	/** Holt: windows whose least-squares line starts the level and trend. */
	static final int HOLT_WARM_UP = 10;

	static ModelSettings of(ForecastSpec spec, long slideMillis) {
		return new ModelSettings(spec.method(), spec.seasonWindows(slideMillis), spec.level(), spec.trend(),
				spec.seasonal());
	}

	boolean seasonal() {
		return this.seasonWindows > 0;
	}

	/** Windows collected before the model starts: two seasons, or {@link #HOLT_WARM_UP} without one. */
	int warmUpWindows() {
		return seasonal() ? 2 * this.seasonWindows : HOLT_WARM_UP;
	}

	/**
	 * The variance of the {@code h}-step-ahead error as a multiple of the one-step variance, for the
	 * additive models ETS(A,A,N) and ETS(A,A,A) (Hyndman, Koehler, Ord and Snyder, "Forecasting with
	 * Exponential Smoothing", 2008, table 6.1; Hyndman and Athanasopoulos, "Forecasting: Principles
	 * and Practice", section 8.7).
	 */
	double varianceFactor(long h) {
		double a = this.alpha;
		double b = this.beta;
		double factor = 1 + (h - 1) * (a * a + a * b * h + b * b * h * (2.0 * h - 1) / 6);
		if (seasonal()) {
			double g = this.gamma;
			long k = (h - 1) / this.seasonWindows;
			factor += g * k * (2 * a + g + b * this.seasonWindows * (k + 1));
		}
		return factor;
	}

}
