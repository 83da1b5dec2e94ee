package io.tributary.storage.out;

import java.util.List;

import io.tributary.contract.ResultBatch;

/**
 * Publishes what stored result batches hold to the outbound results destination. Called after the
 * batches were stored and before their input is acknowledged, so every stored revision is published
 * at least once.
 */
@FunctionalInterface
public interface ResultsPublisher {

	/** Publishes nothing ({@code tributary.storage.results-out.enabled=false}). */
	ResultsPublisher NONE = (batches) -> 0;

	/**
	 * Returns only when the broker holds every message.
	 * @return how many messages were published
	 * @throws RuntimeException when the broker did not take them all; the batches are then redelivered
	 *                          and published again
	 */
	int publish(List<ResultBatch> batches);

}
