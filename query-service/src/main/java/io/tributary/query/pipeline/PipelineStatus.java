package io.tributary.query.pipeline;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The live status of a pipeline.
 *
 * @param watermark    the lowest watermark over the partitions that reported one: every window that
 *                     ends at or before it has fired; null before any partition reported
 * @param lastResultAt when storage last wrote a result of the pipeline; null before the first
 * @param keys         how many keys have results
 */
record PipelineStatus(@Nullable Instant watermark, @Nullable Instant lastResultAt, long keys) {
}
