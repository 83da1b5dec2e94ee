package io.tributary.processing.window;

/**
 * What {@link EmitPolicy} decides for a window at a point of its life (like Flink's
 * {@code TriggerResult}): no result, an interim result, or a final one.
 */
enum EmitDecision {

	NONE, INTERIM, FINAL

}
