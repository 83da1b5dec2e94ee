/**
 * Admission control of HTTP event batches: while accepted events wait longer than the configured
 * delay before processing's window stage applies them (as processing reports to Redis), or, as a
 * backstop, while the queues downstream of ingestion hold more than the configured number of
 * messages, a new batch is refused with 503 instead of joining a backlog that makes every result
 * late. Both are sampled in the background.
 */
@NullMarked
package io.tributary.ingestion.backpressure;

import org.jspecify.annotations.NullMarked;
