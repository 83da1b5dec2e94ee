package io.tributary.storage.store;

import java.time.Clock;
import java.util.List;

import io.tributary.contract.ResultBatch;

/**
 * Stores result batches in Redis. Every write is idempotent: a result only replaces an older
 * revision, late and dead-letter records are kept once per id. So a batch that fails half-way,
 * or is delivered twice, can simply be stored again.
 */
public final class ResultStore {

	private final WriteSettings settings;

	private final ScriptRunner runner;

	private final Clock clock;

	ResultStore(WriteSettings settings, ScriptRunner runner, Clock clock) {
		this.settings = settings;
		this.runner = runner;
		this.clock = clock;
	}

	/**
	 * Writes every record of the batches, returning only when Redis confirmed all of them.
	 * @throws StoreException when Redis did not complete the writes
	 */
	public StoreOutcome store(List<ResultBatch> batches) {
		WritePlan plan = WritePlan.of(batches, this.clock.millis(), this.settings);
		WritePlan.Replies replies = plan.read(this.runner.run(plan.calls()));
		this.runner.run(replies.followUps());
		return replies.outcome();
	}

}
