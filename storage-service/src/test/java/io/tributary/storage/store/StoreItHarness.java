package io.tributary.storage.store;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tributary.contract.Counts;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.storage.MutableClock;
import io.tributary.storage.RedisSnapshot;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store's ITs share: the real Redis (a namespace of its own per test, deleted after it), a
 * store with a clock the tests move, the change notifications as they arrive, and records to store.
 */
abstract class StoreItHarness {

	/** Each test gets a namespace of its own under this prefix. */
	private static final String PREFIX = TestInfrastructure.newNamespace("storage-store-it");

	private static final AtomicInteger tests = new AtomicInteger();

	static final Duration DAY = Duration.ofDays(1);

	private static RedisClient client;

	private static StatefulRedisConnection<byte[], byte[]> connection;

	private static StatefulRedisConnection<String, String> reader;

	private static StatefulRedisPubSubConnection<String, String> subscriber;

	static final BlockingQueue<String> changes = new LinkedBlockingQueue<>();

	final MutableClock clock = MutableClock.startingNow();

	final String ns = PREFIX + "-" + tests.incrementAndGet();

	final RedisKeys keys = new RedisKeys(this.ns);

	ResultStore store;

	RedisCommands<String, String> redis;

	@BeforeAll
	static void connect() {
		client = RedisClient.create(TestInfrastructure.redis().uri());
		connection = client.connect(ByteArrayCodec.INSTANCE);
		reader = client.connect();
		subscriber = client.connectPubSub();
		subscriber.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String pattern, String channel, String message) {
				changes.add(channel + " " + message);
			}
		});
		subscriber.sync().psubscribe(PREFIX + "-*:changes:*");
	}

	@AfterEach
	void deleteNamespace() {
		TestInfrastructure.deleteRedisNamespace(this.ns);
	}

	@AfterAll
	static void disconnect() {
		subscriber.close();
		reader.close();
		connection.close();
		client.shutdown();
	}

	@BeforeEach
	void createStore() {
		// views keeps 7 days, short-lived 1 hour, anything else the default of 2 days
		Retentions retentions = new Retentions(Map.of("views", Duration.ofDays(7), "short-lived", Duration.ofHours(1)),
				Duration.ofDays(2));
		WriteSettings settings = new WriteSettings(this.keys, retentions, Duration.ofDays(7), Duration.ofHours(1), 1000);
		RedisAccess access = new RedisAccess() {
			@Override
			public <T> T withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, T> work) {
				return work.apply(connection.async());
			}
		};
		this.store = new ResultStore(settings, new ScriptRunner(access, Duration.ofSeconds(5)), this.clock);
		this.redis = reader.sync();
		changes.clear();
	}

	String nextChange() throws InterruptedException {
		String change = changes.poll(5, TimeUnit.SECONDS);
		assertThat(change).as("a change notification").isNotNull();
		return change;
	}

	List<String> zset(String key) {
		return RedisSnapshot.zset(this.redis.zrangeWithScores(key, 0, -1));
	}

	/** The live feed's late entry for the window of {@code late}, written out by hand. */
	static String lateCount(LateEventRecord late, long count) {
		return "{\"pipeline\":\"" + late.pipeline() + "\",\"key\":\"" + late.key() + "\",\"windowStart\":\""
				+ late.windowStart() + "\",\"windowEnd\":\"" + late.windowEnd() + "\",\"late\":" + count + "}";
	}

	static String json(Object record) {
		return WireFormat.writeString(record);
	}

	static WindowResult result(String pipeline, String key, Instant start, long revision, long views) {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("views", views);
		metrics.put("avg_latency", 12.5);
		metrics.put("max_latency", null);
		return new WindowResult(pipeline, key, start, start.plusSeconds(10), true, revision, metrics,
				new Counts(views, 0, 0));
	}

	static LateEventRecord late(String pipeline, String key, String eventId, Instant windowStart) {
		return new LateEventRecord(pipeline, key, windowStart, windowStart.plusSeconds(10), eventId,
				windowStart.plusSeconds(1), windowStart.plusSeconds(40), Map.of("campaign", key));
	}

	static DeadLetterRecord dead(String stream, String pipeline, String eventId, Instant recordedAt) {
		return new DeadLetterRecord(stream, pipeline, eventId, recordedAt.minusSeconds(1), recordedAt,
				"no lookup entry", Map.of("ad_id", "x"));
	}

	static ResultBatch results(WindowResult... results) {
		return new ResultBatch(List.of(results), List.of(), List.of());
	}

	static ResultBatch lateOnly(LateEventRecord... late) {
		return new ResultBatch(List.of(), List.of(late), List.of());
	}

	static ResultBatch deadOnly(DeadLetterRecord... dead) {
		return new ResultBatch(List.of(), List.of(), List.of(dead));
	}

}
