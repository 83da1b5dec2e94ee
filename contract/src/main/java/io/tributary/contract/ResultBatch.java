package io.tributary.contract;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Everything processing hands to storage from one checkpoint: window results, late event records,
 * dead-lettered events and alert changes. Every element is idempotent to store, so a redelivered batch changes
 * nothing.
 */
public record ResultBatch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> deadLetters,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) @Nullable List<Alert> alerts) {

	public ResultBatch {
		results = List.copyOf(results);
		late = List.copyOf(late);
		deadLetters = List.copyOf(deadLetters);
		// a batch written before alerts existed has none
		alerts = (alerts != null) ? List.copyOf(alerts) : List.of();
	}

	/** A batch without alerts. */
	public ResultBatch(List<WindowResult> results, List<LateEventRecord> late, List<DeadLetterRecord> deadLetters) {
		this(results, late, deadLetters, List.of());
	}

	@Override
	public List<Alert> alerts() {
		return Objects.requireNonNull(this.alerts);
	}

	@JsonIgnore
	public boolean isEmpty() {
		return this.results.isEmpty() && this.late.isEmpty() && this.deadLetters.isEmpty() && this.alerts().isEmpty();
	}

}
