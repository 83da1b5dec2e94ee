package io.tributary.processing.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowRetraction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Merging an outbox not yet published with what a partition emitted since. */
class ResultBatchesTests {

	private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void nothingPendingIsTheFreshBatch() {
		ResultBatch fresh = batch("f");

		assertThat(ResultBatches.merge(null, fresh)).isSameAs(fresh);
		assertThat(ResultBatches.merge(new ResultBatch(List.of(), List.of(), List.of()), fresh)).isSameAs(fresh);
	}

	@Test
	void nothingFreshIsThePendingBatch() {
		ResultBatch pending = batch("p");

		assertThat(ResultBatches.merge(pending, new ResultBatch(List.of(), List.of(), List.of()))).isSameAs(pending);
	}

	@Test
	void eachListHoldsThePendingEntriesThenTheFreshOnes() {
		ResultBatch merged = ResultBatches.merge(batch("p"), batch("f"));

		assertThat(merged.late()).extracting(LateEventRecord::eventId).containsExactly("p-late", "f-late");
		assertThat(merged.deadLetters()).extracting(DeadLetterRecord::eventId).containsExactly("p-dead", "f-dead");
		assertThat(merged.retractions()).extracting(WindowRetraction::key).containsExactly("p-retracted", "f-retracted");
		assertThat(merged.results()).isEmpty();
		assertThat(merged.alerts()).isEmpty();
	}

	private static ResultBatch batch(String name) {
		LateEventRecord late = new LateEventRecord("pipe", "k", T, T.plusSeconds(10), name + "-late", T, T, Map.of());
		DeadLetterRecord dead = new DeadLetterRecord("s", "pipe", name + "-dead", T, T, "reason", Map.of());
		WindowRetraction retraction = new WindowRetraction("pipe", name + "-retracted", T, T.plusSeconds(10), 1, T,
				T.plusSeconds(20));
		return new ResultBatch(List.of(), List.of(late), List.of(dead), List.of(retraction), List.of());
	}

}
