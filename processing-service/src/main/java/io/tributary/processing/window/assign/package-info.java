/**
 * Window assignment in plain Java: the window instance ({@link io.tributary.processing.window.assign.TimeWindow},
 * half-open {@code [start, end)}) and the assigner that maps an event time to the windows it belongs
 * to, built from a pipeline's {@code WindowSpec}. Modelled on Flink's windowing package and Kafka
 * Streams' {@code TimeWindows}.
 */
@NullMarked
package io.tributary.processing.window.assign;

import org.jspecify.annotations.NullMarked;
