package io.tributary.processing.lookup;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.processing.route.LookupSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Lookup tables as written by ingestion ({@code PUT /api/v1/lookups/{table}}): each table is held
 * in memory and reloaded whole when its version key changes ({@link #refresh()}, called
 * periodically). A key missing from memory is read from Redis once more before it counts as
 * missing, so an event that arrives just after its table was loaded is not dead-lettered.
 */
public class RedisLookupTables implements LookupSource {

	private static final Logger log = LoggerFactory.getLogger(RedisLookupTables.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Map<String, Table> tables = new ConcurrentHashMap<>();

	public RedisLookupTables(StringRedisTemplate redis, RedisKeys keys, Iterable<String> tableNames) {
		this.redis = redis;
		this.keys = keys;
		for (String name : tableNames) {
			this.tables.put(name, new Table(null, Map.of()));
		}
	}

	private record Table(@Nullable String version, Map<String, Object> values) {
	}

	@Override
	public @Nullable Object get(String table, String key) {
		Table t = this.tables.get(table);
		if (t == null) {
			return null;
		}
		Object value = t.values().get(key);
		if (value != null) {
			return value;
		}
		String json = (String) this.redis.opsForHash().get(this.keys.lookup(table), key);
		return json == null ? null : parse(table, key, json);
	}

	/** Reloads every table whose version changed since the last load. */
	public void refresh() {
		for (Map.Entry<String, Table> entry : this.tables.entrySet()) {
			String table = entry.getKey();
			String version = this.redis.opsForValue().get(this.keys.lookupVersion(table));
			if (Objects.equals(version, entry.getValue().version())) {
				continue;
			}
			Map<Object, Object> raw = this.redis.opsForHash().entries(this.keys.lookup(table));
			Map<String, Object> values = new ConcurrentHashMap<>(raw.size() * 2);
			raw.forEach((k, v) -> {
				Object parsed = parse(table, (String) k, (String) v);
				if (parsed != null) {
					values.put((String) k, parsed);
				}
			});
			this.tables.put(table, new Table(version, values));
			log.info("Loaded lookup table '{}' ({} entries, version {})", table, values.size(), version);
		}
	}

	private static @Nullable Object parse(String table, String key, String json) {
		try {
			return WireFormat.read(json, Object.class);
		}
		catch (IllegalArgumentException ex) {
			log.warn("Lookup table '{}' holds a value for key '{}' that is not JSON; ignoring it", table, key);
			return null;
		}
	}

}
