/**
 * The storage service: consumes result batches from processing and writes window results, late
 * and dead-lettered event records into Redis, idempotently and with retention.
 */
@NullMarked
package io.tributary.storage;

import org.jspecify.annotations.NullMarked;
