package io.tributary.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Everything stored under a namespace, in comparable form: a hash as a sorted map, a sorted set as
 * its {@code member=score} entries in order, a string as itself. Expiries are left out.
 */
public final class RedisSnapshot {

	private RedisSnapshot() {
	}

	public static Map<String, Object> of(RedisCommands<String, String> redis, String namespace) {
		Map<String, Object> snapshot = new TreeMap<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(namespace + ":*").limit(1000));
			for (String key : page.getKeys()) {
				snapshot.put(key, contents(redis, key));
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		return snapshot;
	}

	private static Object contents(RedisCommands<String, String> redis, String key) {
		return switch (redis.type(key)) {
			case "hash" -> new TreeMap<>(redis.hgetall(key));
			case "zset" -> zset(redis.zrangeWithScores(key, 0, -1));
			case "string" -> redis.get(key);
			// entry ids are times: the snapshot keeps each entry's fields, in order
			case "stream" -> redis.xrange(key, io.lettuce.core.Range.create("-", "+"))
				.stream()
				.map((m) -> new TreeMap<>(m.getBody()))
				.toList();
			default -> "unexpected type " + redis.type(key);
		};
	}

	/** Sorted set entries as {@code member=score} with the score as a whole number. */
	public static List<String> zset(List<ScoredValue<String>> entries) {
		List<String> result = new ArrayList<>();
		for (ScoredValue<String> e : entries) {
			result.add(e.getValue() + "=" + (long) e.getScore());
		}
		return result;
	}

}
