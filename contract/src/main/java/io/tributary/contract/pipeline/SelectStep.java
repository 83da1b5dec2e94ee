package io.tributary.contract.pipeline;

/**
 * A result field computed from the aggregations: {@code name: expression} under a pipeline's
 * {@code select}, evaluated on each emitted result (and on roll-ups, after merging) over the
 * metrics and the selects before it. Not stored as state: it is always recomputed from the metrics.
 */
public record SelectStep(String name, Expression expression) {
}
