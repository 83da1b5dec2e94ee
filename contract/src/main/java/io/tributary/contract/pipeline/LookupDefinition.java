package io.tributary.contract.pipeline;

/** A key to value table kept in Redis, loaded over REST, used by {@link EnrichStep}s. */
public record LookupDefinition(String name) {
}
