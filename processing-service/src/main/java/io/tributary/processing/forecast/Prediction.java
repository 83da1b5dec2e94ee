package io.tributary.processing.forecast;

/**
 * What a key's model forecast for a window before it learned the window's value: what a forecast
 * rule judges the value against.
 *
 * @param expected the forecast value
 * @param stdDev   the standard deviation of the forecast's error (of the one-step-ahead error, widened
 *                 for the windows a gap skipped)
 * @param errors   how many one-step-ahead errors the standard deviation was estimated from
 */
public record Prediction(double expected, double stdDev, long errors) {
}
