/**
 * Publishes what storage applied (results, retractions, alert revisions) to the outbound results
 * destination {@code <ns>.results.out}, so downstream systems subscribe instead of reading Redis.
 */
@NullMarked
package io.tributary.storage.out;

import org.jspecify.annotations.NullMarked;
