package io.tributary.query.pipeline;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The live status of a pipeline.
 *
 * @param watermark          the lowest watermark over the partitions that reported one: every window
 *                           that ends at or before it has fired; null before any partition reported
 * @param lastResultAt       when storage last wrote a result of the pipeline; null before the first
 * @param keys               how many keys have results
 * @param watermarkLagMs     now minus {@code watermark}: how far event time trails the wall clock in
 *                           the slowest partition; null without a watermark
 * @param partitions         each partition's watermark, by partition: one racing ahead of the others
 *                           shows here, not in the lowest
 * @param lastFinalWindowEnd the latest window end of a final result storage applied; null before the first
 * @param freshnessMs        how long after its window end that final result was stored; null before the first
 */
record PipelineStatus(@Nullable Instant watermark, @Nullable Instant lastResultAt, long keys,
		@Nullable Long watermarkLagMs,
		List<PartitionWatermark> partitions,
		@Nullable Instant lastFinalWindowEnd,
		@Nullable Long freshnessMs) {

	PipelineStatus {
		partitions = List.copyOf(partitions);
	}

	/** One partition's watermark, and now minus it. */
	record PartitionWatermark(int partition, Instant watermark, long watermarkLagMs) {
	}

}
