package io.tributary.processing.window;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What the ingestion instances publishing one stream have said about their progress (their
 * {@code StreamProgress} markers): per instance the latest "nothing more accepted before {@code until}"
 * and when it was heard. The evidence of quiet is the earliest {@code until} among the instances heard
 * from within the expiry: any of them may still publish what it accepted after that. An instance
 * not heard from for the expiry is forgotten (stopped, or moved away); with none left there is no
 * evidence, so a watermark does not move by the clock. Idle time counts only while the evidence
 * is continuous ({@link #vouchedSince}): a stretch without any live source (the only ingestion
 * instance down) or a source lost (a replica stopped; its clients retry elsewhere or later) restarts
 * it, so the retries that follow an outage are not judged against a watermark the outage moved.
 * Kept in memory only: after a restore, the next markers tell again.
 */
final class SourceProgress {

	private record Heard(long until, long heardAt) {
	}

	private final long expiry;

	private final Map<String, Heard> sources = new HashMap<>();

	/** Wall-clock time since when the evidence has been continuous, or {@link PipelineOperator#NONE}. */
	private long vouchedSince = PipelineOperator.NONE;

	/** @param expiry how long an instance's last marker counts without a newer one, in milliseconds */
	SourceProgress(long expiry) {
		this.expiry = expiry;
	}

	/** A marker of {@code source} arrived at wall-clock {@code now}. An older {@code until} never lowers it. */
	void heard(String source, long until, long now) {
		this.sources.merge(source, new Heard(until, now),
				(old, fresh) -> new Heard(Math.max(old.until, fresh.until), Math.max(old.heardAt, fresh.heardAt)));
	}

	/**
	 * The time up to which every live source vouches that it has published what it accepted, or
	 * {@link PipelineOperator#NONE} when no source was heard from within the expiry. Forgets the
	 * sources that expired, and notes a gap in the evidence (see {@link #vouchedSince}); call it on
	 * every advance, so that a gap is seen when it happens.
	 */
	long quietUntil(long now) {
		long min = Long.MAX_VALUE;
		long lostAt = PipelineOperator.NONE;
		for (Iterator<Heard> it = this.sources.values().iterator(); it.hasNext();) {
			Heard heard = it.next();
			if (now - heard.heardAt > this.expiry) {
				it.remove();
				lostAt = Math.max(lostAt, heard.heardAt + this.expiry);
			}
			else {
				min = Math.min(min, heard.until);
			}
		}
		if (min == Long.MAX_VALUE) {
			// no evidence: the idle clock does not run
			this.vouchedSince = now;
			return PipelineOperator.NONE;
		}
		if (lostAt != PipelineOperator.NONE) {
			this.vouchedSince = Math.max(this.vouchedSince, lostAt);
		}
		return min;
	}

	/**
	 * Since when (wall clock) the evidence has been continuous, with no gap and no source lost:
	 * idle time is counted from no earlier. {@link PipelineOperator#NONE} when it always was.
	 */
	long vouchedSince() {
		return this.vouchedSince;
	}

	/** How many sources count now (for tests and status). */
	int liveSources(long now) {
		quietUntil(now);
		return this.sources.size();
	}

}
