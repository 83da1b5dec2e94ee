package io.tributary.storage.store;

import java.util.HashMap;
import java.util.Map;

/**
 * What storing a list of result batches did.
 *
 * @param resultsApplied       results written (newer than what was stored)
 * @param resultsIgnored       results whose revision was not newer than the stored one
 *                             (redeliveries, re-published outboxes)
 * @param resultsExpired       results whose window ended before their pipeline's retention
 * @param lateRecorded         late-event records kept for the first time
 * @param lateDuplicates       late-event records that were already kept
 * @param deadLettersStored    dead-letter records kept for the first time
 * @param deadLetterDuplicates dead-letter records that were already kept
 * @param deadLettersExpired   dead-letter records older than the dead-letter retention
 * @param retractionsApplied   session windows retracted (their stored result removed, or kept out)
 * @param retractionsIgnored   retractions of windows that hold a result or retraction as new
 *                             (redeliveries)
 * @param retractionsExpired   retractions of windows that ended before their pipeline's retention
 * @param alertsApplied        alert revisions written (newer than what was stored)
 * @param alertsIgnored        alert revisions that were not newer than the stored one
 * @param resultsExpiredByPipeline {@code resultsExpired} per pipeline (those left out as a backfill
 *                             older than the retention), for the per-pipeline metric
 */
public record StoreOutcome(int resultsApplied, int resultsIgnored, int resultsExpired, int lateRecorded,
		int lateDuplicates, int deadLettersStored, int deadLetterDuplicates, int deadLettersExpired,
		int retractionsApplied, int retractionsIgnored, int retractionsExpired, int alertsApplied, int alertsIgnored,
		Map<String, Integer> resultsExpiredByPipeline) {

	public StoreOutcome {
		resultsExpiredByPipeline = Map.copyOf(resultsExpiredByPipeline);
	}

	/** An outcome without expired results by pipeline. */
	public StoreOutcome(int resultsApplied, int resultsIgnored, int resultsExpired, int lateRecorded,
			int lateDuplicates, int deadLettersStored, int deadLetterDuplicates, int deadLettersExpired,
			int retractionsApplied, int retractionsIgnored, int retractionsExpired, int alertsApplied,
			int alertsIgnored) {
		this(resultsApplied, resultsIgnored, resultsExpired, lateRecorded, lateDuplicates, deadLettersStored,
				deadLetterDuplicates, deadLettersExpired, retractionsApplied, retractionsIgnored, retractionsExpired,
				alertsApplied, alertsIgnored, Map.of());
	}

	public static final StoreOutcome NOTHING = new StoreOutcome(0, 0, 0, 0, 0, 0, 0, 0);

	/** An outcome without retractions or alerts. */
	public StoreOutcome(int resultsApplied, int resultsIgnored, int resultsExpired, int lateRecorded,
			int lateDuplicates, int deadLettersStored, int deadLetterDuplicates, int deadLettersExpired) {
		this(resultsApplied, resultsIgnored, resultsExpired, lateRecorded, lateDuplicates, deadLettersStored,
				deadLetterDuplicates, deadLettersExpired, 0, 0, 0, 0, 0);
	}

	/** Accumulates counts while replies are read. */
	static final class Builder {

		int resultsApplied;

		int resultsIgnored;

		int resultsExpired;

		int lateRecorded;

		int lateDuplicates;

		int deadLettersStored;

		int deadLetterDuplicates;

		int deadLettersExpired;

		int retractionsApplied;

		int retractionsIgnored;

		int retractionsExpired;

		int alertsApplied;

		int alertsIgnored;

		final Map<String, Integer> resultsExpiredByPipeline = new HashMap<>();

		StoreOutcome build() {
			return new StoreOutcome(this.resultsApplied, this.resultsIgnored, this.resultsExpired, this.lateRecorded,
					this.lateDuplicates, this.deadLettersStored, this.deadLetterDuplicates, this.deadLettersExpired,
					this.retractionsApplied, this.retractionsIgnored, this.retractionsExpired, this.alertsApplied,
					this.alertsIgnored, this.resultsExpiredByPipeline);
		}

	}

}
