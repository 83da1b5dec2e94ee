/**
 * Naming of the per-key state that alert rules and forecasts keep in a partition's checkpoint.
 */
@NullMarked
package io.tributary.processing.state;

import org.jspecify.annotations.NullMarked;
