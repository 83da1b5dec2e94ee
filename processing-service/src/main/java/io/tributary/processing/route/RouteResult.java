package io.tributary.processing.route;

import java.util.List;
import java.util.Map;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.KeyedEvent;

/**
 * What routing a batch of events produced: keyed events per partition, events that could not be
 * processed, how many were filtered out, and how many of the dead letters are events whose time was
 * too far ahead of the clock (one each, of no pipeline).
 */
public record RouteResult(Map<Integer, List<KeyedEvent>> byPartition, List<DeadLetterRecord> deadLetters,
		long filteredOut, long tooFarAhead) {
}
