/**
 * Pipeline versions: on start, processing compares each pipeline's definition with the one it ran
 * before (kept in Redis), carries the state over when the change is compatible, and starts a new
 * version with empty state, or refuses to start, when it is not. See docs/operations.md,
 * "Changing a pipeline".
 */
@NullMarked
package io.tributary.processing.version;

import org.jspecify.annotations.NullMarked;
