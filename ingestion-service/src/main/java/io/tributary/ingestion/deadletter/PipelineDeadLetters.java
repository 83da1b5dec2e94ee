package io.tributary.ingestion.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The dead letters processing's route stage recorded per stream (written by storage: a hash of
 * {@link DeadLetterRecord#id()} to record JSON, indexed by when recorded), and those a redrive has
 * taken out and not finished ({@link RedisKeys#redrivingDeadLetters}). Every key of one stream
 * shares its hash tag, so the move is one script, also on a Redis Cluster.
 */
final class PipelineDeadLetters {

	private static final RedisScript<List> TAKE = RedisScript.of(new ClassPathResource("scripts/take-dead-letters.lua"),
			List.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	PipelineDeadLetters(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** The newest dead letters of the stream, newest first, after those a redrive has not finished. */
	List<StoredDeadLetter> newest(String stream, int limit) {
		List<StoredDeadLetter> listed = new ArrayList<>();
		for (Map.Entry<String, String> e : this.redis.<String, String>opsForHash()
			.entries(this.keys.redrivingDeadLetters(stream))
			.entrySet()) {
			listed.add(StoredDeadLetter.redriving(e.getKey(), WireFormat.read(e.getValue(), DeadLetterRecord.class)));
		}
		Set<TypedTuple<String>> ids = this.redis.opsForZSet()
			.reverseRangeWithScores(this.keys.deadLetterIndex(stream), 0, Math.max(0, limit - listed.size() - 1L));
		if (ids != null && listed.size() < limit) {
			List<String> idList = new ArrayList<>();
			for (TypedTuple<String> t : ids) {
				if (t.getValue() != null) {
					idList.add(t.getValue());
				}
			}
			List<String> json = idList.isEmpty() ? List.of()
					: this.redis.<String, String>opsForHash().multiGet(this.keys.deadLetters(stream), idList);
			for (int i = 0; i < idList.size(); i++) {
				// trimmed between the two reads: gone
				if (json.get(i) != null) {
					listed.add(StoredDeadLetter.waiting(idList.get(i), WireFormat.read(json.get(i), DeadLetterRecord.class)));
				}
			}
		}
		return listed.size() > limit ? listed.subList(0, limit) : listed;
	}

	/** How many dead letters the stream has waiting, and how many a redrive has not finished. */
	Counts count(String stream) {
		Long waiting = this.redis.opsForZSet().zCard(this.keys.deadLetterIndex(stream));
		Long redriving = this.redis.opsForHash().size(this.keys.redrivingDeadLetters(stream));
		return new Counts(waiting == null ? 0 : waiting, redriving == null ? 0 : redriving);
	}

	/** The ids of every dead letter of the stream: those a redrive has not finished, then the oldest first. */
	List<String> allIds(String stream, int limit) {
		List<String> ids = redrivingIds(stream);
		if (ids.size() < limit) {
			Set<String> waiting = this.redis.opsForZSet().range(this.keys.deadLetterIndex(stream), 0, limit - ids.size() - 1L);
			if (waiting != null) {
				ids.addAll(waiting);
			}
		}
		return ids.size() > limit ? ids.subList(0, limit) : ids;
	}

	/** The ids of the stream's dead letters a redrive took and has not finished. */
	List<String> redrivingIds(String stream) {
		List<String> ids = new ArrayList<>();
		for (Object id : this.redis.opsForHash().keys(this.keys.redrivingDeadLetters(stream))) {
			ids.add(id.toString());
		}
		return ids;
	}

	/** Of the ids, those the stream has neither waiting nor redriving. */
	List<String> missing(String stream, Collection<String> ids) {
		List<String> wanted = List.copyOf(ids);
		List<String> waiting = this.redis.<String, String>opsForHash().multiGet(this.keys.deadLetters(stream), wanted);
		List<String> redriving = this.redis.<String, String>opsForHash()
			.multiGet(this.keys.redrivingDeadLetters(stream), wanted);
		List<String> missing = new ArrayList<>();
		for (int i = 0; i < wanted.size(); i++) {
			if (waiting.get(i) == null && redriving.get(i) == null) {
				missing.add(wanted.get(i));
			}
		}
		return missing;
	}

	/**
	 * Moves the records out of the stream's dead letters into its redriving hash (one script) and
	 * returns them by id, in the order asked; an id in neither is left out.
	 */
	Map<String, DeadLetterRecord> take(String stream, List<String> ids) {
		Map<String, DeadLetterRecord> taken = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return taken;
		}
		List<?> reply = this.redis.execute(TAKE, List.of(this.keys.deadLetters(stream), this.keys.deadLetterIndex(stream),
				this.keys.redrivingDeadLetters(stream)), ids.toArray());
		for (int i = 0; i < ids.size() && reply != null && i < reply.size(); i++) {
			Object json = reply.get(i);
			if (json != null && !json.toString().isEmpty()) {
				taken.put(ids.get(i), WireFormat.read(json.toString(), DeadLetterRecord.class));
			}
		}
		return taken;
	}

	/** Forgets redriven records once the broker confirmed their republication. */
	void redriven(String stream, Collection<String> ids) {
		if (!ids.isEmpty()) {
			this.redis.opsForHash().delete(this.keys.redrivingDeadLetters(stream), ids.toArray());
		}
	}

	/** Whether anything was ever dead-lettered for the stream (it may no longer be declared). */
	boolean knows(String stream) {
		return Boolean.TRUE.equals(this.redis.hasKey(this.keys.deadLetterIndex(stream)))
				|| Boolean.TRUE.equals(this.redis.hasKey(this.keys.redrivingDeadLetters(stream)));
	}

	/** Dead letters waiting for a redrive, and taken by one that has not finished. */
	record Counts(long waiting, long redriving) {
	}

	/** A dead letter as listed: its id, whether a redrive took it and has not finished, the record. */
	record StoredDeadLetter(String id, String state, DeadLetterRecord record) {

		static StoredDeadLetter waiting(String id, DeadLetterRecord record) {
			return new StoredDeadLetter(id, "waiting", record);
		}

		static StoredDeadLetter redriving(String id, DeadLetterRecord record) {
			return new StoredDeadLetter(id, "redriving", record);
		}

		Instant recordedAt() {
			return this.record.recordedAt();
		}

	}

}
