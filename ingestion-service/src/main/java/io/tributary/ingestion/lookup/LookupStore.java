package io.tributary.ingestion.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.RedisKeys;
import tools.jackson.core.StreamReadConstraints;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lookup tables in Redis: a hash per table ({@link RedisKeys#lookup}) and a version counter
 * ({@link RedisKeys#lookupVersion}) that every write bumps, so that readers know to reload. Both keys
 * share a hash tag and are written by one Lua script ({@code scripts/lookup-upsert.lua}), so a reader
 * never sees new entries under an old version, and the write also runs on a Redis Cluster.
 */
public class LookupStore {

	private static final RedisScript<Long> UPSERT = RedisScript.of(new ClassPathResource("scripts/lookup-upsert.lua"),
			Long.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Set<String> tables;

	private final LookupEntries bodies;

	/** @param constraints what a body may hold (nesting depth, string, number and name lengths) */
	public LookupStore(StringRedisTemplate redis, RedisKeys keys, Set<String> tables,
			StreamReadConstraints constraints) {
		this.redis = redis;
		this.keys = keys;
		this.tables = Set.copyOf(tables);
		this.bodies = new LookupEntries(constraints);
	}

	/**
	 * Upserts the entries of a body (a JSON object of key to value).
	 * @return how many entries were written
	 * @throws UnknownLookupException when the table is not declared
	 * @throws InvalidLookupException when the body is not a JSON object
	 * @throws io.tributary.ingestion.intake.LimitExceededException when the body breaks a read limit
	 */
	public int upsert(String table, byte[] body) {
		requireTable(table);
		Map<String, String> entries = this.bodies.parse(body);
		if (entries.isEmpty()) {
			return 0;
		}
		List<String> args = new ArrayList<>(entries.size() * 2);
		entries.forEach((key, value) -> {
			args.add(key);
			args.add(value);
		});
		Long version = this.redis.execute(UPSERT, List.of(this.keys.lookup(table), this.keys.lookupVersion(table)),
				args.toArray());
		if (version == null) {
			throw new IllegalStateException("the script writing lookup table '" + table + "' answered nothing");
		}
		return entries.size();
	}

	/**
	 * The value of a key, as JSON text.
	 * @throws UnknownLookupException when the table is not declared
	 * @throws LookupKeyNotFoundException when the table has no such key
	 */
	public String get(String table, String key) {
		requireTable(table);
		Object value = this.redis.opsForHash().get(this.keys.lookup(table), key);
		if (value == null) {
			throw new LookupKeyNotFoundException(table, key);
		}
		return value.toString();
	}

	/** Checks that the table is declared, before a body is read. */
	public void requireTable(String table) {
		if (!this.tables.contains(table)) {
			throw new UnknownLookupException(table, this.tables.stream().sorted().toList());
		}
	}

}
