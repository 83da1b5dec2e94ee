package io.tributary.processing.stream;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Alert;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.IngestTimes;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import org.jspecify.annotations.Nullable;

/** Merges result batches into one outbox, keeping the order in which they were emitted. */
final class ResultBatches {

	private ResultBatches() {
	}

	/** What {@code pending} holds followed by what {@code fresh} holds, list by list. */
	static ResultBatch merge(@Nullable ResultBatch pending, ResultBatch fresh) {
		if (pending == null || pending.isEmpty()) {
			return fresh;
		}
		if (fresh.isEmpty()) {
			return pending;
		}
		List<WindowResult> results = new ArrayList<>(pending.results());
		results.addAll(fresh.results());
		List<LateEventRecord> late = new ArrayList<>(pending.late());
		late.addAll(fresh.late());
		List<DeadLetterRecord> dead = new ArrayList<>(pending.deadLetters());
		dead.addAll(fresh.deadLetters());
		// in this order: a retraction never reaches storage before the result that replaces it
		List<WindowRetraction> retractions = new ArrayList<>(pending.retractions());
		retractions.addAll(fresh.retractions());
		List<Alert> alerts = new ArrayList<>(pending.alerts());
		alerts.addAll(fresh.alerts());
		return new ResultBatch(results, late, dead, retractions, alerts,
				IngestTimes.merge(pending.ingestTimes(), fresh.ingestTimes()));
	}

}
