package io.tributary.ingestion.deadletter;

import java.util.List;
import java.util.Map;

/**
 * What a redrive did.
 *
 * @param source    the stream, or the broker dead-letter queue, redriven
 * @param redriven  how many dead letters were re-submitted and confirmed by the broker
 * @param ids       their ids
 * @param skipped   dead letters left in place, by id, with the reason
 */
record RedriveReport(String source, int redriven, List<String> ids, Map<String, String> skipped) {
}
