/**
 * Mergeable aggregate functions in plain Java ({@code createAccumulator / add / merge / result}, as
 * in Flink's {@code AggregateFunction}), each with a compact serial form, built from a pipeline's
 * {@code AggregateSpec}s. Processing accumulates events with them and checkpoints the serial forms;
 * the serial forms travel with every window result, so that query-service can merge any number of
 * windows into one answer (a roll-up). Quantiles, distinct counts and top-k are Apache DataSketches
 * (KLL, HLL, frequent items) in their compact serialised form.
 */
@NullMarked
package io.tributary.contract.aggregate;

import org.jspecify.annotations.NullMarked;
