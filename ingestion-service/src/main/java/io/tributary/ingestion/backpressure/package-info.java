/**
 * Admission control of HTTP event batches by the pipeline's backlog: the queues downstream of
 * ingestion are sampled in the background, and while they hold more than the configured number of
 * messages a new batch is refused with 503 instead of joining a backlog that makes every result late.
 */
@NullMarked
package io.tributary.ingestion.backpressure;

import org.jspecify.annotations.NullMarked;
