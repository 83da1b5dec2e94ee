package io.tributary.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A key's forecast of one metric for its next windows, with a prediction interval, as the window
 * stage learned it from the key's final windows (exponential smoothing: Holt's linear trend, or
 * Holt-Winters with an additive season).
 *
 * @param method      {@code holt} or {@code holt-winters}
 * @param confidence  the intended coverage of each point's interval, e.g. 0.95
 * @param learnedFrom how many of the key's windows the model has learned from
 * @param warmUp      how many windows it needs before it forecasts; {@code points} is empty until then
 * @param points      the next windows after the last one learned, in order
 */
public record Forecast(String metric, String method, double confidence, long learnedFrom, long warmUp,
		List<Point> points) {

	public Forecast {
		Objects.requireNonNull(metric, "metric");
		Objects.requireNonNull(method, "method");
		points = (points != null) ? List.copyOf(points) : List.of();
	}

	/**
	 * One future window: the forecast value and its prediction interval {@code [lower, upper]}.
	 */
	public record Point(Instant windowStart, Instant windowEnd, double value, double lower, double upper) {

		public Point {
			Objects.requireNonNull(windowStart, "windowStart");
			Objects.requireNonNull(windowEnd, "windowEnd");
		}

	}

}
