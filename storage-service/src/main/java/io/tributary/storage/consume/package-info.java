/**
 * Consumes result batches from the broker in batches: parses each message, stores the batches,
 * moves malformed messages to the dead-letter queue, and hands failed batches back to the broker.
 */
@NullMarked
package io.tributary.storage.consume;

import org.jspecify.annotations.NullMarked;
