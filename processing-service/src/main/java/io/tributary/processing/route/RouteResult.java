package io.tributary.processing.route;

import java.util.List;
import java.util.Map;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.StreamTime;

/**
 * What routing a batch of events produced: keyed events per partition, events that could not be
 * processed, how many were filtered out, how many of the dead letters are events whose time was
 * too far ahead of the clock (one each, of no pipeline), and per stream read the largest event time
 * among its events (those too far ahead and redriven dead letters aside), which every partition is
 * told.
 */
public record RouteResult(Map<Integer, List<KeyedEvent>> byPartition, List<DeadLetterRecord> deadLetters,
		long filteredOut, long tooFarAhead, List<StreamTime> streamTimes) {
}
