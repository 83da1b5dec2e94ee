package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A pipeline's {@code forecast}: one metric's series of window values, per key, learned online by
 * exponential smoothing in its state-space (error-correction) form, and forecast for the next
 * {@code horizon} windows with a prediction interval at {@code confidence}.
 *
 * @param method     {@code holt} (level and trend) or {@code holt-winters} (additive season too)
 * @param season     the season's length (holt-winters only): a whole multiple of the window slide
 * @param level      the level's smoothing parameter (alpha)
 * @param trend      the trend's smoothing parameter (beta, in the error-correction form: at most alpha)
 * @param seasonal   the season's smoothing parameter (gamma, at most 1 - alpha); unused by holt
 * @param location   where in the pipeline file it is declared
 */
public record ForecastSpec(String metric, Method method, @Nullable Duration season, int horizon, double confidence,
		double level, double trend, double seasonal, String location) {

	public static final int DEFAULT_HORIZON = 6;

	public static final int MAX_HORIZON = 1000;

	public static final double DEFAULT_CONFIDENCE = 0.95;

	public static final double DEFAULT_LEVEL = 0.2;

	public static final double DEFAULT_TREND = 0.02;

	public static final double DEFAULT_SEASONAL = 0.1;

	/** Most windows a season may span: the model keeps one seasonal component per window of the season. */
	public static final int MAX_SEASON_WINDOWS = 1440;

	/** @throws IllegalArgumentException when a setting is out of its range */
	public ForecastSpec {
		Objects.requireNonNull(metric, "metric");
		Objects.requireNonNull(method, "method");
		if ((method == Method.HOLT_WINTERS) != (season != null)) {
			throw new IllegalArgumentException("holt-winters needs a season, holt takes none");
		}
		if (horizon < 1 || horizon > MAX_HORIZON) {
			throw new IllegalArgumentException("horizon must be from 1 to " + MAX_HORIZON + " windows, got " + horizon);
		}
		if (!(confidence > 0 && confidence < 1)) {
			throw new IllegalArgumentException("confidence must lie between 0 and 1, got " + confidence);
		}
		if (!(level > 0 && level < 1) || !(trend > 0 && trend <= level)
				|| (method == Method.HOLT_WINTERS && !(seasonal > 0 && seasonal <= 1 - level))) {
			throw new IllegalArgumentException("smoothing must satisfy 0 < trend <= level < 1 and 0 < seasonal <= 1 - level"
					+ ", got level " + level + ", trend " + trend + ", seasonal " + seasonal);
		}
	}

	/** The windows of a season for windows that start {@code slideMillis} apart; 0 for holt. */
	public int seasonWindows(long slideMillis) {
		return (this.season == null) ? 0 : (int) (this.season.toMillis() / slideMillis);
	}

	public enum Method {

		HOLT, HOLT_WINTERS;

		/** As the pipeline file and the API spell it: {@code holt}, {@code holt-winters}. */
		public String text() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
