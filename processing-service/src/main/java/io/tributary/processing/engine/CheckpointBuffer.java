package io.tributary.processing.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.tributary.contract.Alert;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;

/**
 * What a partition's operators emitted, retracted and purged since the last checkpoint, and its counters:
 * shared by the pipelines of one partition.
 */
final class CheckpointBuffer {

	List<WindowResult> results = new ArrayList<>();

	List<LateEventRecord> late = new ArrayList<>();

	List<WindowRetraction> retractions = new ArrayList<>();

	Set<String> windowDeletes = new HashSet<>();

	List<Alert> alerts = new ArrayList<>();

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

}
