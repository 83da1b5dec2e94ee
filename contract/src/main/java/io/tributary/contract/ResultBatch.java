package io.tributary.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Everything processing hands to storage from one checkpoint: window results, late event records,
 * dead-lettered events and retractions of session windows that moved their start. Every element is
 * idempotent to store, so a redelivered batch changes nothing.
 *
 * @param retractions left out of the JSON when empty, so batches without session merges look as
 *                    they did before; a batch written before it existed reads with none
 */
public record ResultBatch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> deadLetters,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<WindowRetraction> retractions) {

	public ResultBatch {
		results = List.copyOf(results);
		late = List.copyOf(late);
		deadLetters = List.copyOf(deadLetters);
		retractions = copyOrEmpty(retractions);
	}

	/** A batch without retractions. */
	public ResultBatch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> deadLetters) {
		this(results, late, deadLetters, List.of());
	}

	// JSON without the member (older writers) passes null despite the declared type
	private static List<WindowRetraction> copyOrEmpty(@Nullable List<WindowRetraction> retractions) {
		return (retractions != null) ? List.copyOf(retractions) : List.of();
	}

	@JsonIgnore
	public boolean isEmpty() {
		return this.results.isEmpty() && this.late.isEmpty() && this.deadLetters.isEmpty() && this.retractions.isEmpty();
	}

}
