package io.tributary.storage.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tributary.contract.Counts;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.testsupport.OwnRedisClusterTemplate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The result store on a real six-node Redis Cluster, through Spring's shared Lettuce cluster
 * connection as the service uses it: a batch whose keys lie on every master is written, and with
 * {@code replicas-to-wait: 1} a batch counts only once each master's replica acknowledged it.
 */
class ResultStoreOnRedisClusterIT {

	/** Started when the class is initialised, closed after its tests. */
	@AutoClose
	private static final OwnRedisClusterTemplate cluster = OwnRedisClusterTemplate.start();

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private final RedisKeys keys = new RedisKeys("store-cluster-it");

	private final RedisAccess access = new RedisAccess() {
		@Override
		public <T> T withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, T> work) {
			try (RedisConnection connection = cluster.factory().getConnection()) {
				return work.apply(((LettuceConnection) connection).getNativeConnection());
			}
		}
	};

	private ResultStore store(ReplicaWait wait) {
		WriteSettings settings = new WriteSettings(this.keys, new Retentions(Map.of(), Duration.ofDays(2)),
				Duration.ofDays(7), Duration.ofHours(1), 1000);
		Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
		return new ResultStore(settings, new ScriptRunner(this.access, Duration.ofSeconds(5), wait), clock);
	}

	@Test
	void aBatchWhoseKeysLieOnEveryMasterWaitsForEachMastersReplica() throws Exception {
		ResultStore store = store(new ReplicaWait(1, Duration.ofMillis(500)));
		List<String> keys = new ArrayList<>();
		Set<Integer> masters = new HashSet<>();
		for (int i = 0; masters.size() < 3; i++) {
			String key = "k" + i;
			keys.add(key);
			masters.add(cluster.cluster().masterPortOf(this.keys.results("views", key)));
		}
		store.store(List.of(batch(keys, 1)));
		for (String key : keys) {
			assertThat(cluster.redis().<String, String>opsForHash().keys(this.keys.results("views", key))).hasSize(1);
		}

		// one master's replica answers nothing for 3 s: the batch is written, but does not count
		RedisClusterNode replica;
		try (RedisClusterConnection connection = cluster.factory().getClusterConnection()) {
			int slot = connection.clusterGetSlotForKey(this.keys.results("views", keys.getFirst()).getBytes(StandardCharsets.UTF_8));
			replica = connection.clusterGetReplicas(connection.clusterGetNodeForSlot(slot)).iterator().next();
		}
		int master = cluster.cluster().masterPortOf(this.keys.results("views", keys.getFirst()));
		Process asleep = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(replica.getPort()),
				"DEBUG", "SLEEP", "3").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		try {
			Thread.sleep(200);
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> store.store(List.of(batch(keys, 2))))
				.withMessageContaining("reached fewer than 1 replicas")
				.withMessageContaining("127.0.0.1:" + master + ": 0");
		}
		finally {
			assertThat(asleep.waitFor(30, TimeUnit.SECONDS)).as("DEBUG SLEEP over").isTrue();
		}

		// awake again, it acknowledges the batch written again
		store.store(List.of(batch(keys, 2)));
	}

	@Test
	void withoutWaitingABatchCountsOnTheMastersAnswer() {
		List<String> keys = List.of("a", "b", "c", "d", "e", "f");
		store(ReplicaWait.NONE).store(List.of(batch(keys, 1)));
		for (String key : keys) {
			assertThat(cluster.redis().opsForZSet().size(this.keys.resultIndex("views", key))).isEqualTo(1);
		}
	}

	private static ResultBatch batch(List<String> keys, long revision) {
		List<WindowResult> results = new ArrayList<>();
		for (String key : keys) {
			results.add(new WindowResult("views", key, START, START.plusSeconds(10), true, revision, Map.of("n", revision),
					new Counts(revision, 0, 0)));
		}
		return new ResultBatch(results, List.of(), List.of());
	}

}
