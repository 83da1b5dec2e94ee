/**
 * The query service: application, settings, and the shared beans (Redis key layout, pipeline file).
 */
@NullMarked
package io.tributary.query;

import org.jspecify.annotations.NullMarked;
