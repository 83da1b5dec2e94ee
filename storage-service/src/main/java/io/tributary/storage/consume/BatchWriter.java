package io.tributary.storage.consume;

import java.util.List;

import io.tributary.contract.ResultBatch;
import io.tributary.storage.store.StoreOutcome;

/** Stores result batches, returning only when all writes completed; throws otherwise. */
@FunctionalInterface
interface BatchWriter {

	StoreOutcome store(List<ResultBatch> batches);

}
