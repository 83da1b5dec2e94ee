package io.tributary.processing.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tributary.contract.Counts;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.processing.window.Checkpoint;
import io.tributary.processing.window.PartitionSnapshot;
import io.tributary.testsupport.OwnRedisClusterTemplate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Leases and the fenced checkpoint script on a real Redis Cluster of six local nodes, through
 * Lettuce's cluster client: every key of a partition's checkpoint is in one slot, partitions spread
 * over several masters, a checkpoint round-trips, and a checkpoint without the lease writes nothing.
 */
class CheckpointOnRedisClusterIT {

	private static final int PARTITIONS = 8;

	/** Started when the class is initialised, closed after its tests. */
	@AutoClose
	private static final OwnRedisClusterTemplate cluster = OwnRedisClusterTemplate.start();

	private static final StringRedisTemplate redis = cluster.redis();

	private final RedisKeys keys = new RedisKeys("cluster-it");

	@Test
	void thePartitionsKeysShareOneSlotAndThePartitionsSpreadOverSeveralMasters() {
		Set<String> masters = new HashSet<>();
		try (RedisClusterConnection connection = cluster.factory().getClusterConnection()) {
			for (int p = 0; p < PARTITIONS; p++) {
				List<String> partitionKeys = List.of(this.keys.checkpointOwner(p), this.keys.checkpointOutbox(p),
						this.keys.checkpointWindows(p), this.keys.checkpointMeta(p), this.keys.checkpointDedup(p, "a"),
						this.keys.checkpointDedup(p, "b"));
				Set<Integer> slots = new HashSet<>();
				for (String key : partitionKeys) {
					// the server computes the slot: CLUSTER KEYSLOT
					slots.add(connection.clusterGetSlotForKey(key.getBytes(StandardCharsets.UTF_8)));
				}
				assertThat(slots).as("slots of partition %d's keys", p).hasSize(1);
				RedisClusterNode node = connection.clusterGetNodeForSlot(slots.iterator().next());
				masters.add(node.getId());
			}
		}
		assertThat(masters).as("masters holding the %d partitions", PARTITIONS).hasSizeGreaterThan(1);
	}

	@Test
	void checkpointsOfEveryPartitionRoundTripThroughTheCluster() {
		PartitionLeases leases = new PartitionLeases(redis, this.keys, "a", Duration.ofSeconds(30));
		RedisCheckpointStore store = new RedisCheckpointStore(redis, this.keys, leases);
		for (int p = 0; p < PARTITIONS; p++) {
			assertThat(leases.tryAcquire(p)).isTrue();
			// more fields than the script sets per command (1000 arguments), and an odd number of pairs
			Map<String, String> windows = new HashMap<>();
			for (int i = 0; i < 1201; i++) {
				windows.put("w" + i, "state-" + p + "-" + i);
			}
			WindowResult result = new WindowResult("views", "k", Instant.parse("2026-03-01T10:00:00Z"),
					Instant.parse("2026-03-01T10:00:10Z"), true, 1, Map.of("n", 3L), new Counts(3, 0, 0));
			store.write(new Checkpoint(p, windows, Set.of(), Map.of("a", Map.of("e1", "1", "e2", "2"), "b",
					Map.of("e3", "3")), Map.of(), Map.of("a", "wm-a", "b", "wm-b"),
					new ResultBatch(List.of(result), List.of(), List.of())));
			assertThat(redis.opsForValue().get(this.keys.checkpointOutbox(p))).contains("\"views\"");
			// the second checkpoint deletes some of each, upserts others and empties the outbox
			store.write(new Checkpoint(p, Map.of("w0", "new", "x", "y"), Set.of("w1", "w2", "never-there"),
					Map.of("b", Map.of("e4", "4")), Map.of("a", Set.of("e1"), "b", Set.of("e3")), Map.of("a", "wm-a2"),
					Set.of("b"), new ResultBatch(List.of(), List.of(), List.of())));

			PartitionSnapshot snapshot = store.load(p, List.of("a", "b"));
			Map<String, String> expectedWindows = new HashMap<>(windows);
			expectedWindows.remove("w1");
			expectedWindows.remove("w2");
			expectedWindows.put("w0", "new");
			expectedWindows.put("x", "y");
			assertThat(snapshot.windows()).hasSize(1200).isEqualTo(expectedWindows);
			assertThat(snapshot.dedupByPipeline()).isEqualTo(Map.of("a", Map.of("e2", "2"), "b", Map.of("e4", "4")));
			assertThat(snapshot.meta()).isEqualTo(Map.of("a", "wm-a2"));
			assertThat(store.loadOutbox(p, snapshot)).isNull();
		}
	}

	@Test
	void aCheckpointWithoutTheLeaseWritesNothingOnTheCluster() {
		int p = 5;
		RedisKeys fenceKeys = new RedisKeys("cluster-it-fence");
		PartitionLeases a = new PartitionLeases(redis, fenceKeys, "fence-a", Duration.ofSeconds(30));
		PartitionLeases b = new PartitionLeases(redis, fenceKeys, "fence-b", Duration.ofSeconds(30));
		RedisCheckpointStore storeA = new RedisCheckpointStore(redis, fenceKeys, a);
		RedisCheckpointStore storeB = new RedisCheckpointStore(redis, fenceKeys, b);

		assertThatExceptionOfType(LeaseLostException.class).as("nobody holds it")
			.isThrownBy(() -> storeA.write(checkpoint(p, "v0")))
			.satisfies((ex) -> assertThat(ex.owner()).isNull());
		assertThat(redis.hasKey(fenceKeys.checkpointWindows(p))).isFalse();

		assertThat(a.tryAcquire(p)).isTrue();
		redis.expire(a.ownerKey(p), Duration.ofSeconds(2));
		storeA.write(checkpoint(p, "v1"));
		assertThat(redis.getExpire(a.ownerKey(p))).as("seconds left on the lease after the checkpoint")
			.isGreaterThan(20);

		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> storeB.write(checkpoint(p, "from-b")))
			.satisfies((ex) -> assertThat(ex.owner()).isEqualTo("fence-a"));
		assertThat(redis.<String, String>opsForHash().entries(fenceKeys.checkpointWindows(p)))
			.isEqualTo(Map.of("fence", "v1"));
		assertThat(a.release(p)).isTrue();
	}

	@Test
	void checkpointsContinueAfterThePartitionsMasterFailsOverToItsReplica() {
		int p = 2;
		RedisKeys failoverKeys = new RedisKeys("cluster-it-failover");
		PartitionLeases leases = new PartitionLeases(redis, failoverKeys, "a", Duration.ofSeconds(30));
		RedisCheckpointStore store = new RedisCheckpointStore(redis, failoverKeys, leases);
		assertThat(leases.tryAcquire(p)).isTrue();
		store.write(new Checkpoint(p, Map.of("w1", "before"), Set.of(), Map.of("a", Map.of("e1", "1")), Map.of(),
				Map.of("a", "wm-1"), new ResultBatch(List.of(), List.of(), List.of())));
		RedisClusterNode master;
		RedisClusterNode replica;
		try (RedisClusterConnection connection = cluster.factory().getClusterConnection()) {
			int slot = connection.clusterGetSlotForKey(leases.ownerKey(p).getBytes(StandardCharsets.UTF_8));
			master = connection.clusterGetNodeForSlot(slot);
			replica = connection.clusterGetReplicas(master).iterator().next();
		}

		cluster.cluster().failOver(replica.getPort());

		// the old master is a replica now (read-only), so this write went to the new one, which has the
		// lease and the checkpoint (a manual failover loses nothing) but not necessarily the script: a
		// NOSCRIPT reply makes the client send it in full
		store.write(new Checkpoint(p, Map.of("w2", "after"), Set.of("w1"), Map.of("a", Map.of("e2", "2")), Map.of(),
				Map.of("a", "wm-2"), new ResultBatch(List.of(), List.of(), List.of())));
		assertThat(store.load(p, List.of("a")))
			.isEqualTo(new PartitionSnapshot(Map.of("w2", "after"), Map.of("a", Map.of("e1", "1", "e2", "2")),
					Map.of("a", "wm-2")));
		assertThat(leases.release(p)).isTrue();
	}

	@Test
	void aCheckpointThatWaitsForAReplicaCountsOnlyOnceTheReplicaHasIt() throws Exception {
		int p = 6;
		RedisKeys waitKeys = new RedisKeys("cluster-it-wait");
		PartitionLeases leases = new PartitionLeases(redis, waitKeys, "a", Duration.ofSeconds(30));
		try (ReplicaAcknowledgedWrites replicated = new ReplicaAcknowledgedWrites(cluster.factory().getRequiredNativeClient(),
				1, Duration.ofMillis(500))) {
			RedisCheckpointStore store = new RedisCheckpointStore(redis, waitKeys, leases, replicated);
			assertThat(leases.tryAcquire(p)).isTrue();
			store.write(checkpoint(p, "acknowledged"));
			RedisClusterNode replica;
			try (RedisClusterConnection connection = cluster.factory().getClusterConnection()) {
				int slot = connection.clusterGetSlotForKey(leases.ownerKey(p).getBytes(StandardCharsets.UTF_8));
				replica = connection.clusterGetReplicas(connection.clusterGetNodeForSlot(slot)).iterator().next();
			}

			// the replica answers nothing for 3 s: the master applies the next checkpoint, but no replica
			// acknowledges it within the wait, so it does not count
			Process asleep = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(replica.getPort()),
					"DEBUG", "SLEEP", "3").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
			try {
				Thread.sleep(200);
				assertThatExceptionOfType(ReplicationTimeoutException.class)
					.isThrownBy(() -> store.write(checkpoint(p, "unacknowledged")))
					.withMessageContaining("reached 0 of 1 replicas");
			}
			finally {
				assertThat(asleep.waitFor(30, TimeUnit.SECONDS)).as("DEBUG SLEEP over").isTrue();
			}

			// awake again, it acknowledges the retry
			store.write(checkpoint(p, "retried"));
			assertThat(store.load(p, List.of()).windows()).isEqualTo(Map.of("fence", "retried"));
			assertThat(leases.release(p)).isTrue();
		}
	}

	private static Checkpoint checkpoint(int partition, String state) {
		return new Checkpoint(partition, Map.of("fence", state), Set.of(), Map.of(), Map.of(), Map.of(),
				new ResultBatch(List.of(), List.of(), List.of()));
	}

}
