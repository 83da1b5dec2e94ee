package io.tributary.contract;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Everything processing hands to storage from one checkpoint: window results, late event records,
 * dead-lettered events, retractions of session windows that moved their start, and alert changes.
 * Every element is idempotent to store, so a redelivered batch changes nothing.
 *
 * @param retractions left out of the JSON when empty, so batches without session merges look as
 *                    they did before; a batch written before it existed reads with none
 * @param alerts      likewise
 * @param ingestTimes per pipeline, when ingestion accepted the events its results newly include (for
 *                    end-to-end latency); empty when unknown or when the batch has no results, and
 *                    then left out of the JSON
 */
public record ResultBatch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> deadLetters,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<WindowRetraction> retractions,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<Alert> alerts,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, IngestTimes> ingestTimes) {

	public ResultBatch {
		results = List.copyOf(results);
		late = List.copyOf(late);
		deadLetters = List.copyOf(deadLetters);
		retractions = copyOrEmpty(retractions);
		alerts = copyOrEmpty(alerts);
		ingestTimes = (ingestTimes != null) ? Map.copyOf(ingestTimes) : Map.of();
	}

	/** A batch whose acceptance times are not known. */
	public ResultBatch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> deadLetters,
			List<WindowRetraction> retractions, List<Alert> alerts) {
		this(results, late, deadLetters, retractions, alerts, Map.of());
	}

	/** A batch without retractions or alerts. */
	public ResultBatch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> deadLetters) {
		this(results, late, deadLetters, List.of(), List.of());
	}

	/** A batch of alert changes only. */
	public static ResultBatch ofAlerts(List<Alert> alerts) {
		return new ResultBatch(List.of(), List.of(), List.of(), List.of(), alerts);
	}

	// JSON without the member (older writers) passes null despite the declared type
	private static <T> List<T> copyOrEmpty(@Nullable List<T> list) {
		return (list != null) ? List.copyOf(list) : List.of();
	}

	@JsonIgnore
	public boolean isEmpty() {
		return this.results.isEmpty() && this.late.isEmpty() && this.deadLetters.isEmpty() && this.retractions.isEmpty()
				&& this.alerts.isEmpty();
	}

}
