package io.tributary.query.record;

import java.time.Instant;

import io.tributary.contract.Counts;
import io.tributary.contract.ExpiredResult;

/**
 * A window result storage did not store, as the API shows it beside the late events: the reason as
 * a code ({@value ExpiredResult#REASON}) and in words.
 */
record DroppedResultView(String pipeline, String key, Instant windowStart, Instant windowEnd, long revision,
		long version, Counts counts, String reason, String detail, Instant cutoff, Instant droppedAt) {

	static DroppedResultView of(ExpiredResult r) {
		String detail = "not stored: the window ended (" + r.windowEnd() + ") before the pipeline's retention cutoff ("
				+ r.cutoff() + ", the wall clock minus its retention), as happens to a backfill of data older than"
				+ " the retention; its events are in no stored result";
		return new DroppedResultView(r.pipeline(), r.key(), r.windowStart(), r.windowEnd(), r.revision(), r.version(), r.counts(),
				ExpiredResult.REASON, detail, r.cutoff(), r.droppedAt());
	}

}
