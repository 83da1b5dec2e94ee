/**
 * Event-time windows in plain Java: the window instance ({@link io.tributary.processing.window.TimeWindow},
 * half-open {@code [start, end)}) and the assigner that maps an event time to the windows it belongs
 * to, built from a pipeline's {@code WindowSpec}. Modelled on Flink's windowing package and Kafka
 * Streams' {@code TimeWindows}.
 */
@NullMarked
package io.tributary.processing.window;

import org.jspecify.annotations.NullMarked;
