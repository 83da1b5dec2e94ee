package io.tributary.storage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tributary.contract.Counts;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Destinations;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service against the real RabbitMQ and Redis: result batches are published to the
 * results exchange the way processing publishes them, and the Redis content and the change
 * notifications are compared with expectations written out by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(StorageServiceIT.TestClock.class)
class StorageServiceIT {

	private static final String NS = TestInfrastructure.newNamespace("storage-it");

	private static final BlockingQueue<String> changes = new LinkedBlockingQueue<>();

	/** Prometheus's key: the actuator beyond health needs the admin scope. */
	private static final TestKey ADMIN = TestKey.admin("storage-it-prometheus");

	private static final TestKey READER = TestKey.create("storage-it-reader", "query");

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	private static StatefulRedisPubSubConnection<String, String> subscriber;

	@Autowired
	private MutableClock clock;

	@Autowired
	private ConnectionFactory connectionFactory;

	@LocalServerPort
	private int port;

	private RabbitTemplate rabbit;

	private RedisCommands<String, String> redis;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", () -> "src/test/resources/pipelines/storage-test.yaml");
		TestKey.properties(ADMIN, READER).forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeAll
	static void subscribe() {
		client = RedisClient.create(TestInfrastructure.redis().uri());
		connection = client.connect();
		subscriber = client.connectPubSub();
		subscriber.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String pattern, String channel, String message) {
				changes.add(message);
			}
		});
		subscriber.sync().psubscribe(NS + ":changes:*");
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
		subscriber.close();
		connection.close();
		client.shutdown();
	}

	@BeforeEach
	void connect() {
		this.rabbit = new RabbitTemplate(this.connectionFactory);
		this.redis = connection.sync();
		changes.clear();
	}

	@Test
	void storesAPublishedResultAndAnnouncesIt() throws InterruptedException {
		String key = unique("store");
		Instant start = this.clock.instant().minusSeconds(30);
		WindowResult result = result("views", key, start, 1, 3);

		publish(results(result));

		String hash = NS + ":results:{views:" + key + "}";
		awaitField(hash, millis(start));
		assertThat(this.redis.hgetall(hash)).isEqualTo(Map.of(millis(start), json(result)));
		assertThat(changesOf(key, 1)).containsExactly(json(result));
	}

	@Test
	void appliesOnlyNewerRevisionsAndAnnouncesOnlyThose() throws InterruptedException {
		String key = unique("revisions");
		Instant start = this.clock.instant().minusSeconds(30);
		String hash = NS + ":results:{views:" + key + "}";

		publish(results(result("views", key, start, 2, 20)));
		publish(results(result("views", key, start, 1, 10), result("views", key, start, 2, 21)));
		publish(results(result("views", key, start, 3, 30)));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> json(result("views", key, start, 3, 30)).equals(this.redis.hget(hash, millis(start))));
		assertThat(changesOf(key, 2)).containsExactly(json(result("views", key, start, 2, 20)),
				json(result("views", key, start, 3, 30)));
		assertThat(changes.poll(300, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aRedeliveredBatchChangesNothing() {
		String pipeline = unique("redelivered");
		String stream = unique("redelivered-stream");
		Instant now = this.clock.instant();
		Instant start = now.minusSeconds(60);
		WindowResult r1 = result(pipeline, "a", start, 5, 50);
		WindowResult r2 = result(pipeline, "b", start.plusSeconds(10), 1, 1);
		LateEventRecord late = late(pipeline, "a", "late-1", start);
		DeadLetterRecord dead = dead(stream, pipeline, "dead-1", now.minusSeconds(2));
		ResultBatch batch = new ResultBatch(List.of(r1, r2), List.of(late), List.of(dead));

		publish(batch);
		publish(batch);
		publishAndAwaitMarker();

		String a = NS + ":results:{" + pipeline + ":a}";
		String b = NS + ":results:{" + pipeline + ":b}";
		String wsA = millis(start);
		String wsB = millis(start.plusSeconds(10));
		String lateId = "late-1|" + wsA;
		Map<String, Object> expected = new TreeMap<>();
		expected.put(a, new TreeMap<>(Map.of(wsA, json(r1))));
		expected.put(a + ":index", List.of(wsA + "=" + wsA));
		expected.put(a + ":late", new TreeMap<>(Map.of(wsA, "1")));
		expected.put(a + ":late-ids", List.of(lateId + "=" + wsA));
		expected.put(b, new TreeMap<>(Map.of(wsB, json(r2))));
		expected.put(b + ":index", List.of(wsB + "=" + wsB));
		expected.put(NS + ":keys:{" + pipeline + "}", List.of("a=" + wsA, "b=" + wsB));
		// r2's window [start + 10 s, start + 20 s) is the latest final one: stored 40 s after its end
		expected.put(NS + ":status:{" + pipeline + "}", new TreeMap<>(Map.of("lastResultAt", millis(now),
				"lastFinalWindowEnd", millis(start.plusSeconds(20)), "freshnessMs", "40000")));
		// the live feed got each revision once
		expected.put(NS + ":feed:{" + pipeline + "}", List.of(Map.of("data", json(r1)), Map.of("data", json(r2)),
				Map.of("type", "late", "data", lateCount(late, 1))));
		expected.put(NS + ":late:{" + pipeline + "}", new TreeMap<>(Map.of(lateId, json(late))));
		expected.put(NS + ":late:{" + pipeline + "}:index", List.of(lateId + "=" + millis(now)));
		expected.put(NS + ":dead:{" + stream + "}", new TreeMap<>(Map.of(pipeline + "|dead-1", json(dead))));
		expected.put(NS + ":dead:{" + stream + "}:index",
				List.of(pipeline + "|dead-1=" + millis(dead.recordedAt())));
		Map<String, Object> actual = new TreeMap<>(RedisSnapshot.of(this.redis, NS));
		actual.keySet().removeIf((k) -> !k.contains("{" + pipeline) && !k.contains("{" + stream));
		assertThat(actual).isEqualTo(expected);
	}

	@Test
	void dropsWindowsOlderThanThePipelinesRetention() {
		// short-lived keeps its results for one hour
		String key = unique("retention");
		String expiredKey = unique("retention-expired");
		String hash = NS + ":results:{short-lived:" + key + "}";
		Instant old = this.clock.instant().minusSeconds(60);
		publish(results(result("short-lived", key, old, 1, 1)));
		awaitField(hash, millis(old));

		this.clock.advance(Duration.ofMinutes(61));
		Instant recent = this.clock.instant().minusSeconds(10);
		publish(results(result("short-lived", expiredKey, old, 1, 1), result("short-lived", key, recent, 1, 2)));

		awaitField(hash, millis(recent));
		assertThat(this.redis.hkeys(hash)).containsExactly(millis(recent));
		assertThat(this.redis.zrange(hash + ":index", 0, -1)).containsExactly(millis(recent));
		assertThat(this.redis.exists(NS + ":results:{short-lived:" + expiredKey + "}")).isZero();
	}

	@Test
	void countsALateEventOnceEvenWhenItIsSentTwiceAndAnnouncesTheCount() throws InterruptedException {
		String key = unique("late");
		Instant start = this.clock.instant().minusSeconds(120);
		WindowResult result = result("views", key, start, 1, 7);
		LateEventRecord late = late("views", key, "late-event", start);

		publish(results(result));
		publish(new ResultBatch(List.of(), List.of(late), List.of()));
		publish(new ResultBatch(List.of(), List.of(late), List.of()));
		publishAndAwaitMarker();

		assertThat(this.redis.hgetall(NS + ":results:{views:" + key + "}:late")).isEqualTo(Map.of(millis(start), "1"));
		assertThat(this.redis.hget(NS + ":late:{views}", "late-event|" + millis(start))).isEqualTo(json(late));
		assertThat(changesOf(key, 2)).containsExactly(json(result),
				json(result.withCounts(new Counts(7, 1, 0))));
	}

	@Test
	void announcesResultsWithoutTheirAccumulatorStateAndWithTheirLateCount() throws InterruptedException {
		String key = unique("stateful");
		Instant start = this.clock.instant().minusSeconds(120);
		WindowResult plain = result("views", key, start, 1, 7);
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("views", 7);
		state.put("avg_latency", List.of(7, 22, 0.75, 1));
		WindowResult stateful = new WindowResult(plain.pipeline(), key, plain.windowStart(), plain.windowEnd(), true, 1,
				plain.metrics(), plain.counts(), state);
		LateEventRecord late = late("views", key, "late-stateful", start);

		publish(results(stateful));
		publish(new ResultBatch(List.of(), List.of(late), List.of()));
		publishAndAwaitMarker();

		// the store keeps the state (roll-ups need it); the announcements leave it out
		assertThat(this.redis.hget(NS + ":results:{views:" + key + "}", millis(start))).isEqualTo(json(stateful));
		assertThat(changesOf(key, 2)).containsExactly(json(plain), json(plain.withCounts(new Counts(7, 1, 0))));
	}

	@Test
	void keepsADeadLetterOnce() {
		String stream = unique("dead-stream");
		DeadLetterRecord dead = dead(stream, null, "broken-1", this.clock.instant().minusSeconds(5));

		publish(new ResultBatch(List.of(), List.of(), List.of(dead)));
		publish(new ResultBatch(List.of(), List.of(), List.of(dead)));
		publishAndAwaitMarker();

		assertThat(this.redis.hgetall(NS + ":dead:{" + stream + "}")).isEqualTo(Map.of("-|broken-1", json(dead)));
		assertThat(RedisSnapshot.zset(this.redis.zrangeWithScores(NS + ":dead:{" + stream + "}:index", 0, -1)))
			.containsExactly("-|broken-1=" + millis(dead.recordedAt()));
	}

	@Test
	void movesAnUnreadableMessageToTheDeadLetterQueueAndStoresTheRest() {
		String key = unique("beside-garbage");
		Instant start = this.clock.instant().minusSeconds(30);
		byte[] garbage = "{\"results\": [oops".getBytes(StandardCharsets.UTF_8);

		publishBytes(garbage);
		publish(results(result("views", key, start, 1, 1)));

		awaitField(NS + ":results:{views:" + key + "}", millis(start));
		Message dead = this.rabbit.receive(NS + ".results.storage.dlq", 10_000);
		assertThat(dead).isNotNull();
		assertThat(dead.getBody()).isEqualTo(garbage);
		assertThat(dead.getMessageProperties().<String>getHeader("x-tributary-reject-reason"))
			.startsWith("Malformed ResultBatch");
		assertThat(dead.getMessageProperties().<String>getHeader("x-original-exchange")).isEqualTo(NS + ".results");
		assertThat(this.rabbit.receive(NS + ".results.storage.dlq", 500)).isNull();
	}

	@Test
	void isReadyWithRabbitAndRedisAndExportsItsMetricsToAnAdminKeyOnly() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		URI metrics = URI.create("http://localhost:" + this.port + "/actuator/prometheus");

		HttpResponse<String> readiness = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/readiness")).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> prometheus = http.send(
				HttpRequest.newBuilder(metrics).header("Authorization", ADMIN.bearer()).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(metrics).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> reader = http.send(HttpRequest.newBuilder(metrics).header("X-API-Key", READER.key()).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> info = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/info")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Bearer"));
		assertThat(anonymous.body()).contains("\"status\":401").doesNotContain("tributary_storage");
		assertThat(reader.statusCode()).isEqualTo(403);
		assertThat(info.statusCode()).isEqualTo(401);

		assertThat(readiness.statusCode()).isEqualTo(200);
		Health health = WireFormat.read(readiness.body(), Health.class);
		assertThat(health.status()).isEqualTo("UP");
		assertThat(health.components()).containsOnlyKeys("rabbit", "redis", "readinessState");
		assertThat(health.components().values()).allSatisfy((c) -> assertThat(c.status()).isEqualTo("UP"));
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("tributary_storage_results_total");
	}

	// --- helpers --------------------------------------------------------------------------------------

	private void publish(ResultBatch batch) {
		publishBytes(WireFormat.write(batch));
	}

	private void publishBytes(byte[] body) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(WireFormat.CONTENT_TYPE);
		this.rabbit.send(Destinations.name(NS, Destinations.RESULTS), "results", new Message(body, properties));
	}

	/** The consumer handles messages in order, so once a later marker is stored the earlier ones are too. */
	private void publishAndAwaitMarker() {
		String key = unique("marker");
		Instant start = this.clock.instant().minusSeconds(10);
		publish(results(result("markers", key, start, 1, 1)));
		awaitField(NS + ":results:{markers:" + key + "}", millis(start));
	}

	private void awaitField(String hash, String field) {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.hexists(hash, field));
	}

	/** The next {@code count} change notifications about the key, in order of arrival. */
	private static List<String> changesOf(String key, int count) throws InterruptedException {
		List<String> found = new ArrayList<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (found.size() < count && System.nanoTime() < deadline) {
			String change = changes.poll(100, TimeUnit.MILLISECONDS);
			if (change != null && change.contains("\"key\":\"" + key + "\"")) {
				found.add(change);
			}
		}
		return found;
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String millis(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	/** The live feed's late entry for the window of {@code late}, written out by hand. */
	private static String lateCount(LateEventRecord late, long count) {
		return "{\"pipeline\":\"" + late.pipeline() + "\",\"key\":\"" + late.key() + "\",\"windowStart\":\""
				+ late.windowStart() + "\",\"windowEnd\":\"" + late.windowEnd() + "\",\"late\":" + count + "}";
	}

	private static String json(Object record) {
		return WireFormat.writeString(record);
	}

	private static ResultBatch results(WindowResult... results) {
		return new ResultBatch(List.of(results), List.of(), List.of());
	}

	static WindowResult result(String pipeline, String key, Instant start, long revision, long views) {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("views", views);
		metrics.put("avg_latency", 3.25);
		return new WindowResult(pipeline, key, start, start.plusSeconds(10), true, revision, metrics,
				new Counts(views, 0, 0));
	}

	private static LateEventRecord late(String pipeline, String key, String eventId, Instant windowStart) {
		return new LateEventRecord(pipeline, key, windowStart, windowStart.plusSeconds(10), eventId,
				windowStart.plusSeconds(2), windowStart.plusSeconds(60), Map.of("campaign", key));
	}

	private static DeadLetterRecord dead(String stream, String pipeline, String eventId, Instant recordedAt) {
		return new DeadLetterRecord(stream, pipeline, eventId, recordedAt.minusSeconds(1), recordedAt,
				"lookup campaigns has no entry for 'ad-9'", Map.of("ad_id", "ad-9"));
	}

	/** The readiness answer, as much as the test reads of it. */
	record Health(String status, Map<String, Health> components) {
	}

	/** A clock the retention test moves forward instead of waiting an hour. */
	@TestConfiguration(proxyBeanMethods = false)
	static class TestClock {

		@Bean
		MutableClock clock() {
			return MutableClock.startingNow();
		}

	}

}
