package io.tributary.contract.pipeline;

/**
 * A derived field: {@code name: expression} under a pipeline's {@code let}, evaluated after the
 * enrichments (whose names it can use, like the lets before it) and before {@code key-by}, which,
 * like the aggregations, can use it as a field.
 */
public record LetStep(String name, Expression expression) {
}
