/**
 * Window-state checkpoints in Redis, written atomically per partition before input is acked, and
 * the partition leases that fence them (only a partition's lease holder restores and writes it).
 */
@NullMarked
package io.tributary.processing.checkpoint;

import org.jspecify.annotations.NullMarked;
