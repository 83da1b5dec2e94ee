/** Window-state checkpoints in Redis: written atomically per partition before input is acked. */
@NullMarked
package io.tributary.processing.checkpoint;

import org.jspecify.annotations.NullMarked;
