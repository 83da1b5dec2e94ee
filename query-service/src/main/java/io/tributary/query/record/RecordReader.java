package io.tributary.query.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.ExpiredResult;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.query.web.UnreadableRecordException;

import org.springframework.data.redis.core.HashOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.stereotype.Component;

/**
 * Reads late-event records (per pipeline) and dead-letter records (per stream): each a hash of id
 * to record JSON with a sorted set of ids scored by the time they were recorded.
 */
@Component
class RecordReader {

	private final StringRedisTemplate redis;

	private final HashOperations<String, String, String> hashes;

	private final RedisKeys keys;

	RecordReader(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.hashes = redis.opsForHash();
		this.keys = keys;
	}

	/** The newest late records of the pipeline, newest first. */
	List<LateRecordView> late(String pipeline, int limit) {
		List<Entry> entries = newest(this.keys.lateRecordIndex(pipeline), this.keys.lateRecords(pipeline), limit);
		List<LateRecordView> views = new ArrayList<>(entries.size());
		for (Entry e : entries) {
			views.add(LateRecordView.of(parse(e, LateEventRecord.class, "late record", "pipeline", pipeline),
					e.recordedAt()));
		}
		return views;
	}

	/** The newest results the pipeline's storage dropped as older than the retention, newest first. */
	List<DroppedResultView> droppedResults(String pipeline, int limit) {
		List<Entry> entries = newest(this.keys.expiredResultIndex(pipeline), this.keys.expiredResults(pipeline), limit);
		List<DroppedResultView> views = new ArrayList<>(entries.size());
		for (Entry e : entries) {
			views.add(DroppedResultView.of(parse(e, ExpiredResult.class, "dropped result", "pipeline", pipeline)));
		}
		return views;
	}

	/** The newest dead-letter records of the stream, newest first. */
	List<DeadLetterRecord> deadLetters(String stream, int limit) {
		List<Entry> entries = newest(this.keys.deadLetterIndex(stream), this.keys.deadLetters(stream), limit);
		List<DeadLetterRecord> records = new ArrayList<>(entries.size());
		for (Entry e : entries) {
			records.add(parse(e, DeadLetterRecord.class, "dead-letter record", "stream", stream));
		}
		return records;
	}

	/** Whether any dead letter was ever recorded for the stream (it may no longer be declared). */
	boolean hasDeadLetters(String stream) {
		return Boolean.TRUE.equals(this.redis.hasKey(this.keys.deadLetterIndex(stream)));
	}

	private List<Entry> newest(String indexKey, String recordsKey, int limit) {
		Set<TypedTuple<String>> ids = this.redis.opsForZSet().reverseRangeWithScores(indexKey, 0, limit - 1L);
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		List<String> idList = new ArrayList<>(ids.size());
		List<Instant> recordedAt = new ArrayList<>(ids.size());
		for (TypedTuple<String> t : ids) {
			Double score = t.getScore();
			String id = t.getValue();
			if (id != null && score != null) {
				idList.add(id);
				recordedAt.add(Instant.ofEpochMilli(score.longValue()));
			}
		}
		List<String> json = this.hashes.multiGet(recordsKey, idList);
		List<Entry> entries = new ArrayList<>(idList.size());
		for (int i = 0; i < idList.size(); i++) {
			// a record trimmed between the two reads is gone: leave it out
			if (json.get(i) != null) {
				entries.add(new Entry(idList.get(i), recordedAt.get(i), json.get(i)));
			}
		}
		return entries;
	}

	private static <T> T parse(Entry e, Class<T> type, String what, String ownerKind, String owner) {
		try {
			return WireFormat.read(e.json(), type);
		}
		catch (IllegalArgumentException ex) {
			throw new UnreadableRecordException(
					"The " + what + " '" + e.id() + "' of " + ownerKind + " '" + owner + "'", ex);
		}
	}

	private record Entry(String id, Instant recordedAt, String json) {
	}

}
