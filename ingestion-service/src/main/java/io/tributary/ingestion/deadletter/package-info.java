/**
 * Dead letters for the operator: the broker dead-letter queues and the pipeline dead letters in
 * Redis, listed without being consumed, and redriven once their cause is fixed, each counted once.
 */
@NullMarked
package io.tributary.ingestion.deadletter;

import org.jspecify.annotations.NullMarked;
