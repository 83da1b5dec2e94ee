package io.tributary.ingestion.lookup;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.RedisKeys;
import io.tributary.testsupport.OwnRedisClusterTemplate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Lookup writes on a real Redis Cluster of six local nodes, through Lettuce's cluster client: a
 * table's hash and version counter share a slot, and an upsert writes the entries and bumps the
 * version in one script.
 */
class LookupStoreOnRedisClusterIT {

	/** Started when the class is initialised, closed after its tests. */
	@AutoClose
	private static final OwnRedisClusterTemplate cluster = OwnRedisClusterTemplate.start();

	private static final StringRedisTemplate redis = cluster.redis();

	private final RedisKeys keys = new RedisKeys("cluster-it");

	@Test
	void anUpsertWritesTheEntriesAndBumpsTheVersionThroughTheCluster() {
		Set<String> tables = Set.of("campaigns", "regions", "devices");
		LookupStore store = new LookupStore(redis, this.keys, tables, StreamReadConstraints.defaults());
		try (RedisClusterConnection connection = cluster.factory().getClusterConnection()) {
			for (String table : tables) {
				// the server computes the slots: CLUSTER KEYSLOT
				assertThat(connection.clusterGetSlotForKey(this.keys.lookupVersion(table).getBytes(StandardCharsets.UTF_8)))
					.as("slot of %s's version", table)
					.isEqualTo(connection.clusterGetSlotForKey(this.keys.lookup(table).getBytes(StandardCharsets.UTF_8)));
			}
		}
		for (String table : tables) {
			// more entries than the script sets per command (1000 arguments)
			StringBuilder body = new StringBuilder("{");
			Map<String, String> expected = new HashMap<>();
			for (int i = 0; i < 1501; i++) {
				body.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"n\":").append(i).append('}');
				expected.put("k" + i, "{\"n\":" + i + "}");
			}
			body.append('}');

			assertThat(store.upsert(table, body.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(1501);
			assertThat(redis.opsForValue().get(this.keys.lookupVersion(table))).isEqualTo("1");
			assertThat(store.upsert(table, "{\"k7\": \"seven\", \"new\": [1, 2]}".getBytes(StandardCharsets.UTF_8)))
				.isEqualTo(2);
			assertThat(redis.opsForValue().get(this.keys.lookupVersion(table))).isEqualTo("2");

			expected.put("k7", "\"seven\"");
			expected.put("new", "[1,2]");
			assertThat(redis.<String, String>opsForHash().entries(this.keys.lookup(table))).isEqualTo(expected);
			assertThat(store.get(table, "k1500")).isEqualTo("{\"n\":1500}");
			assertThatExceptionOfType(LookupKeyNotFoundException.class).isThrownBy(() -> store.get(table, "k1501"));
		}
	}

}
