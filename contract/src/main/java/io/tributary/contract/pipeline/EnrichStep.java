package io.tributary.contract.pipeline;

/** Look {@code key} up in the lookup table {@code lookup}; the value becomes field {@code as}. */
public record EnrichStep(String lookup, Expression key, String as) {
}
