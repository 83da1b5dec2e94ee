/**
 * The broker-facing stages: {@code route} (events to keyed events) and {@code window} (keyed events
 * to checkpointed state and results), plus the clock that closes windows when no input arrives.
 */
@NullMarked
package io.tributary.processing.stream;

import org.jspecify.annotations.NullMarked;
