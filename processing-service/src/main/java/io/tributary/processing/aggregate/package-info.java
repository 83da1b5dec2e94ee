/**
 * Mergeable aggregate functions in plain Java ({@code createAccumulator / add / merge / result}, as
 * in Flink's {@code AggregateFunction}), each with a compact serial form for checkpoints, built from
 * a pipeline's {@code AggregateSpec}s.
 */
@NullMarked
package io.tributary.processing.aggregate;

import org.jspecify.annotations.NullMarked;
