package io.tributary.processing.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Alert;
import io.tributary.contract.IngestTimes;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;

/**
 * A partition's outbox: what its operators emitted since the last checkpoint, which the checkpoint
 * takes and publishes; it also counts what the partition accepted, dropped and emitted (its stats).
 * Shared by the pipelines of one partition.
 */
final class Outbox {

	private List<WindowResult> results = new ArrayList<>();

	private List<LateEventRecord> late = new ArrayList<>();

	private List<WindowRetraction> retractions = new ArrayList<>();

	private List<Alert> alerts = new ArrayList<>();

	private Map<String, IngestTimes> ingestTimes = new HashMap<>();

	long eventsAccepted;

	long redeliveries;

	long duplicates;

	long lateEvents;

	long invalidValues;

	long resultsEmitted;

	long alertsEmitted;

	void result(WindowResult result) {
		this.results.add(result);
		this.resultsEmitted++;
	}

	/**
	 * A result of the pipeline newly includes events accepted between these times (epoch millis);
	 * {@code oldest > newest} when none or not known.
	 */
	void ingested(String pipeline, long oldest, long newest) {
		if (oldest <= newest) {
			this.ingestTimes.merge(pipeline, new IngestTimes(Instant.ofEpochMilli(oldest), Instant.ofEpochMilli(newest)),
					IngestTimes::span);
		}
	}

	void alert(Alert alert) {
		this.alerts.add(alert);
		this.alertsEmitted++;
	}

	void retraction(WindowRetraction retraction) {
		this.retractions.add(retraction);
	}

	void late(LateEventRecord record) {
		this.late.add(record);
		this.lateEvents++;
	}

	/** Whether anything was emitted since the last {@link #take()} (counts and ingest times aside). */
	boolean isEmpty() {
		return this.results.isEmpty() && this.late.isEmpty() && this.retractions.isEmpty() && this.alerts.isEmpty();
	}

	/** Everything emitted since the last call, in emission order per kind. */
	ResultBatch take() {
		ResultBatch outbox = new ResultBatch(this.results, this.late, List.of(), this.retractions, this.alerts,
				this.ingestTimes);
		if (!this.ingestTimes.isEmpty()) {
			this.ingestTimes = new HashMap<>();
		}
		this.results = new ArrayList<>();
		this.late = new ArrayList<>();
		this.retractions = new ArrayList<>();
		this.alerts = new ArrayList<>();
		return outbox;
	}

}
