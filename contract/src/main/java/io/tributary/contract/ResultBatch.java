package io.tributary.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Everything processing hands to storage from one checkpoint: window results, late event records
 * and dead-lettered events. Every element is idempotent to store, so a redelivered batch changes
 * nothing.
 */
public record ResultBatch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> deadLetters) {

	public ResultBatch {
		results = List.copyOf(results);
		late = List.copyOf(late);
		deadLetters = List.copyOf(deadLetters);
	}

	@JsonIgnore
	public boolean isEmpty() {
		return this.results.isEmpty() && this.late.isEmpty() && this.deadLetters.isEmpty();
	}

}
