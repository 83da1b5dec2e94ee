package io.tributary.ingestion.lookup;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.RedisKeys;
import tools.jackson.core.StreamReadConstraints;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Lookup tables in Redis: a hash per table ({@link RedisKeys#lookup}) and a version counter
 * ({@link RedisKeys#lookupVersion}) that every write bumps, so that readers know to reload. Both keys
 * share a hash tag and are written in one MULTI/EXEC, so a reader never sees new entries under an
 * old version, and a failed write changes neither.
 */
public class LookupStore {

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
		String hash = this.keys.lookup(table);
		String version = this.keys.lookupVersion(table);
		List<Object> results = this.redis.execute(new SessionCallback<List<Object>>() {

			@Override
			@SuppressWarnings("unchecked")
			public <K, V> List<Object> execute(RedisOperations<K, V> operations) throws DataAccessException {
				RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
				ops.multi();
				ops.opsForHash().putAll(hash, entries);
				ops.opsForValue().increment(version);
				return ops.exec();
			}

		});
		// EXEC answers with the new version last (HMSET's status reply is not listed); no answer means
		// the transaction was discarded.
		if (results == null || results.isEmpty() || !(results.get(results.size() - 1) instanceof Long)) {
			throw new IllegalStateException("the Redis transaction writing lookup table '" + table
					+ "' did not complete: " + results);
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
