/**
 * The in-process benchmark of the processing core on the Yahoo Streaming Benchmark job
 * ({@code ./tributary bench-core}): the production route and window stages, from the wire bytes
 * ingestion publishes to the encoded checkpoints and result messages, with the broker and Redis
 * replaced in memory at their client boundary.
 */
@NullMarked
package io.tributary.processing.bench;

import org.jspecify.annotations.NullMarked;
