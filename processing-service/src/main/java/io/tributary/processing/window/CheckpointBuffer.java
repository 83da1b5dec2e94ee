package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.Alert;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;

/**
 * What a partition's operators emitted since the last checkpoint (the outbox it publishes), and the
 * partition's counters: shared by the pipelines of one partition.
 */
final class CheckpointBuffer {

	private List<WindowResult> results = new ArrayList<>();

	private List<LateEventRecord> late = new ArrayList<>();

	private List<WindowRetraction> retractions = new ArrayList<>();

	private List<Alert> alerts = new ArrayList<>();

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

	/** Everything emitted since the last call, in emission order per kind. */
	ResultBatch takeOutbox() {
		ResultBatch outbox = new ResultBatch(this.results, this.late, List.of(), this.retractions, this.alerts);
		this.results = new ArrayList<>();
		this.late = new ArrayList<>();
		this.retractions = new ArrayList<>();
		this.alerts = new ArrayList<>();
		return outbox;
	}

}
