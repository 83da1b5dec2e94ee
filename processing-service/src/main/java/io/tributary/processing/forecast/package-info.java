/**
 * Per-key forecasts of a pipeline's metric over its window series: exponential smoothing learned
 * online (Holt's linear trend, Holt-Winters with an additive season) with prediction intervals from
 * the running variance of one-step-ahead errors, in state that checkpoints with the windows. Plain
 * Java. {@link io.tributary.processing.forecast.ForecastTracker} keeps one pipeline's models in one
 * partition.
 */
@NullMarked
package io.tributary.processing.forecast;

import org.jspecify.annotations.NullMarked;
