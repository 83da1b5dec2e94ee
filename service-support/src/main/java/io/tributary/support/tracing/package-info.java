/**
 * Trace context across the broker: the W3C headers of the current span on every message the
 * services publish, and a span continued from the first traced message of a consumed batch.
 */
@NullMarked
package io.tributary.support.tracing;

import org.jspecify.annotations.NullMarked;
