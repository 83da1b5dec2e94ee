package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.List;

import java.time.Instant;

import io.tributary.contract.Alert;
import io.tributary.contract.IngestTimes;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WindowRetraction;
import org.jspecify.annotations.Nullable;

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

	private long oldestIngest = Long.MAX_VALUE;

	private long newestIngest = Long.MIN_VALUE;

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

	/** The emitted result newly includes events accepted between these times (epoch millis), if known. */
	void ingested(long oldest, long newest) {
		this.oldestIngest = Math.min(this.oldestIngest, oldest);
		this.newestIngest = Math.max(this.newestIngest, newest);
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
	ResultBatch take() {
		@Nullable IngestTimes ingestTimes = (this.oldestIngest <= this.newestIngest) ? new IngestTimes(
				Instant.ofEpochMilli(this.oldestIngest), Instant.ofEpochMilli(this.newestIngest)) : null;
		ResultBatch outbox = new ResultBatch(this.results, this.late, List.of(), this.retractions, this.alerts,
				ingestTimes);
		this.oldestIngest = Long.MAX_VALUE;
		this.newestIngest = Long.MIN_VALUE;
		this.results = new ArrayList<>();
		this.late = new ArrayList<>();
		this.retractions = new ArrayList<>();
		this.alerts = new ArrayList<>();
		return outbox;
	}

}
