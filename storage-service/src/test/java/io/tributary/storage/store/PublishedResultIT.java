package io.tributary.storage.store;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tributary.contract.Counts;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.storage.MutableClock;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result as change notifications carry it (common.lua's {@code as_published}): without the
 * accumulators' state and with storage's late count added, whatever order the stored JSON has its
 * members in. Expectations are written out by hand or serialised by the contract's own writer.
 */
class PublishedResultIT {

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> redis;

	private final String ns = TestInfrastructure.newNamespace("storage-published-it");

	@BeforeAll
	static void connect() {
		client = RedisClient.create(TestInfrastructure.redis().uri());
		redis = client.connect();
	}

	@AfterAll
	static void disconnect() {
		redis.close();
		client.shutdown();
	}

	@AfterEach
	void deleteNamespace() {
		TestInfrastructure.deleteRedisNamespace(this.ns);
	}

	@Test
	void leavesOutTheStateAndAddsTheLateCountOfAResultAsTheContractWritesIt() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("views", 7);
		state.put("avg", List.of(7, 22, 0.1 + 0.2, 1));
		WindowResult r = new WindowResult("views", "k", Instant.parse("2024-05-01T12:00:00Z"),
				Instant.parse("2024-05-01T12:00:10Z"), true, 3, Map.of("avg", 0.1 + 0.2), new Counts(7, 2, 1), state);

		assertThat(published(WireFormat.writeString(r), 3))
			.isEqualTo(WireFormat.writeString(r.withoutState().withCounts(new Counts(7, 5, 1))));
		assertThat(published(WireFormat.writeString(r), 0)).isEqualTo(WireFormat.writeString(r.withoutState()));
	}

	@Test
	void findsStateAndCountsByNameWhateverTheOrderOfTheMembers() {
		// state first, counts in the middle; a key and metrics that mention "counts", "late" and "state"
		String stateFirst = "{\"state\":{\"views\":7,\"x\":{\"late\":9,\"s\":\"}\"}},\"counts\":{\"late\":2,"
				+ "\"events\":5,\"duplicates\":0},\"key\":\"k\\\"counts\\\":{\\\"late\\\":1}\",\"metrics\":{\"late\":"
				+ "1.5,\"state\":[1,{\"a\":null}]},\"pipeline\":\"p\",\"revision\":9007199254740993}";
		assertThat(published(stateFirst, 3)).isEqualTo("{\"counts\":{\"late\":5,\"events\":5,\"duplicates\":0},"
				+ "\"key\":\"k\\\"counts\\\":{\\\"late\\\":1}\",\"metrics\":{\"late\":1.5,\"state\":[1,{\"a\":null}]},"
				+ "\"pipeline\":\"p\",\"revision\":9007199254740993}");
		// counts first, state in the middle
		String countsFirst = "{\"counts\":{\"events\":5,\"duplicates\":0,\"late\":0},\"state\":{\"v\":[1,2]},"
				+ "\"metrics\":{\"v\":0.30000000000000004}}";
		assertThat(published(countsFirst, 1))
			.isEqualTo("{\"counts\":{\"events\":5,\"duplicates\":0,\"late\":1},\"metrics\":{\"v\":0.30000000000000004}}");
		// state last but counts not right before it
		String stateLast = "{\"counts\":{\"late\":0},\"key\":\"k\",\"state\":{}}";
		assertThat(published(stateLast, 2)).isEqualTo("{\"counts\":{\"late\":2},\"key\":\"k\"}");
	}

	@Test
	void publishesAValueOfAnotherShapeAsStored() {
		assertThat(published("not json", 2)).isEqualTo("not json");
		assertThat(published("{\"counts\":{\"late\":1}", 2)).isEqualTo("{\"counts\":{\"late\":1}");
		assertThat(published("{\"key\":\"k\"}", 2)).isEqualTo("{\"key\":\"k\"}");
	}

	@Test
	void aCountedLateEventPublishesAStoredResultWhoseMembersAreInAnotherOrder() throws InterruptedException {
		MutableClock clock = MutableClock.startingNow();
		RedisKeys keys = new RedisKeys(this.ns);
		Instant start = clock.instant().minusSeconds(60);
		String field = Long.toString(start.toEpochMilli());
		// as another writer (or a reordered WindowResult) would have stored it: state before counts
		String stored = "{\"pipeline\":\"views\",\"key\":\"k\",\"state\":{\"views\":4},\"counts\":{\"events\":4,"
				+ "\"late\":1,\"duplicates\":0},\"revision\":2}";
		redis.sync().hset(keys.results("views", "k"), field, stored);
		BlockingQueue<String> changes = new LinkedBlockingQueue<>();
		StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
		try (StatefulRedisConnection<byte[], byte[]> bytes = client.connect(ByteArrayCodec.INSTANCE)) {
			subscriber.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					changes.add(message);
				}
			});
			subscriber.sync().subscribe(keys.changes("views"));
			ResultStore store = new ResultStore(
					new WriteSettings(keys, new Retentions(Map.of(), Duration.ofDays(1)), Duration.ofDays(1),
							Duration.ofHours(1), 1000),
					new ScriptRunner(access(bytes), Duration.ofSeconds(5)), clock);

			store.store(List.of(new ResultBatch(List.of(), List.of(new LateEventRecord("views", "k", start,
					start.plusSeconds(10), "e-1", start.plusSeconds(1), start.plusSeconds(30), Map.of())), List.of())));

			assertThat(changes.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"pipeline\":\"views\",\"key\":\"k\","
					+ "\"counts\":{\"events\":4,\"late\":2,\"duplicates\":0},\"revision\":2}");
		}
		finally {
			subscriber.close();
		}
	}

	/** Runs common.lua's as_published on json. */
	private static String published(String json, long extraLate) {
		String lua = ScriptPrelude.of(List.of(), List.of()) + LuaScript.read("common.lua")
				+ "\nreturn as_published(ARGV[5], tonumber(ARGV[6]))";
		return redis.sync().eval(lua, ScriptOutputType.VALUE, new String[0], "0", "0", "0", "0", json,
				Long.toString(extraLate));
	}

	private static RedisAccess access(StatefulRedisConnection<byte[], byte[]> connection) {
		return new RedisAccess() {
			@Override
			public <T> T withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, T> work) {
				return work.apply(connection.async());
			}
		};
	}

}
