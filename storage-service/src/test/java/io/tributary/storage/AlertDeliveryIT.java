package io.tributary.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Alert;
import io.tributary.contract.AlertDeliveryFailure;
import io.tributary.contract.Destinations;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alert delivery through the whole service: alert revisions are published to the results exchange
 * as processing publishes them, and a receiver the test runs (the JDK's HTTP server) answers as the
 * test says: de-duplicating by the idempotency key, failing twice, always failing, or as a Slack
 * incoming webhook. Signatures are checked with the test's own HMAC; bodies against JSON and text
 * written out here. A failed delivery resent with ingestion's resend script (contract's resource, run
 * here as it is) reaches the receiver once it is fixed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertDeliveryIT {

	private static final String NS = TestInfrastructure.newNamespace("storage-notify-it");

	private static final String PIPELINE = "alerting";

	private static final String SECRET = "test-secret-" + UUID.randomUUID();

	private static final HttpServer server = startReceiver();

	/** Every request the receiver got, in order. */
	private static final List<Received> received = new CopyOnWriteArrayList<>();

	/** The idempotency keys the de-duplicating receiver acted on, once each. */
	private static final Set<String> acted = ConcurrentHashMap.newKeySet();

	private static final Map<String, Integer> flakyCalls = new ConcurrentHashMap<>();

	/** The idempotency keys the down receiver takes, as if fixed for them. */
	private static final Set<String> mended = ConcurrentHashMap.newKeySet();


	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@Autowired
	private ConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	@Qualifier("alertDelivery")
	private SmartLifecycle delivery;

	private RabbitTemplate rabbit;

	private RedisCommands<String, String> redis;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", () -> "src/test/resources/pipelines/storage-notify-test.yaml");
		String base = "http://127.0.0.1:" + server.getAddress().getPort();
		registry.add("tributary.notify.targets.receiver.url", () -> base + "/dedup");
		registry.add("tributary.notify.targets.receiver.secret", () -> SECRET);
		registry.add("tributary.notify.targets.flaky.url", () -> base + "/flaky");
		registry.add("tributary.notify.targets.down.url", () -> base + "/down");
		registry.add("tributary.notify.targets.chat.url", () -> base + "/slack");
		registry.add("tributary.notify.targets.chat.format", () -> "slack");
		registry.add("tributary.notify.attempts", () -> "3");
		registry.add("tributary.notify.backoff", () -> "50ms");
		registry.add("tributary.notify.max-backoff", () -> "200ms");
		registry.add("tributary.notify.poll-interval", () -> "50ms");
	}

	@BeforeAll
	static void connect() {
		client = RedisClient.create(TestInfrastructure.redis().uri());
		connection = client.connect();
	}

	@AfterAll
	void cleanUp() {
		// stopped first: a running deliverer would create its stream again in the deleted namespace
		this.delivery.stop();
		TestInfrastructure.deleteRedisNamespace(NS);
		connection.close();
		client.shutdown();
		server.stop(0);
	}

	@BeforeEach
	void setUp() {
		this.rabbit = new RabbitTemplate(this.connectionFactory);
		this.redis = connection.sync();
	}

	@Test
	void deliversEachRevisionSignedAndOnceToAReceiverThatDeduplicates() throws Exception {
		String key = "k-" + UUID.randomUUID();
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
		Alert opened = alert("hot", key, start, Alert.Status.open, 1, 1);
		Alert updated = alert("hot", key, start, Alert.Status.open, 2, 2);
		String id = "hot|" + key + "|" + start.toEpochMilli();
		// percent-encoded alert id, '|', revision
		String key1 = "hot%7C" + key + "%7C" + start.toEpochMilli() + "%7C1";
		String key2 = "hot%7C" + key + "%7C" + start.toEpochMilli() + "%7C2";

		publish(opened);
		await().atMost(Duration.ofSeconds(20)).until(() -> acted.contains(key1));
		publish(updated);
		// a redelivered batch stores nothing new and so delivers nothing new
		publish(opened);
		await().atMost(Duration.ofSeconds(20)).until(() -> acted.contains(key2));

		// a deliverer that crashed before it finished the job: the job is taken and sent again
		this.redis.xadd(NS + ":alerts:{" + PIPELINE + "}:deliveries", Map.of("alert", WireFormat.writeString(opened),
				"targets", "receiver"));
		await().atMost(Duration.ofSeconds(20)).until(() -> requestsWith("/dedup", key1).size() == 2);
		Thread.sleep(300);

		assertThat(requestsWith("/dedup", key1)).hasSize(2);
		assertThat(requestsWith("/dedup", key2)).hasSize(1);
		assertThat(acted).contains(key1, key2);
		for (Received r : received) {
			if (r.path().equals("/dedup") && r.idempotencyKey().contains(key)) {
				String timestamp = r.header("X-Tributary-Timestamp");
				assertThat(r.header("X-Tributary-Signature")).isEqualTo("sha256=" + hmac(SECRET, timestamp + "." + r.body()));
				assertThat(Long.parseLong(timestamp)).isBetween(Instant.now().getEpochSecond() - 120, Instant.now().getEpochSecond() + 5);
				assertThat(r.header("Content-Type")).isEqualTo("application/json");
			}
		}
		String body = requestsWith("/dedup", key2).get(0).body();
		assertThat((String) JsonPath.read(body, "$.pipeline")).isEqualTo(PIPELINE);
		assertThat((String) JsonPath.read(body, "$.rule")).isEqualTo("hot");
		assertThat((String) JsonPath.read(body, "$.key")).isEqualTo(key);
		assertThat((String) JsonPath.read(body, "$.severity")).isEqualTo("critical");
		assertThat((String) JsonPath.read(body, "$.state")).isEqualTo("open");
		assertThat((String) JsonPath.read(body, "$.idempotencyKey")).isEqualTo(key2);
		assertThat((Integer) JsonPath.read(body, "$.revision")).isEqualTo(2);
		assertThat((String) JsonPath.read(body, "$.alert.id")).isEqualTo(id);
		assertThat((Integer) JsonPath.read(body, "$.alert.breaches")).isEqualTo(2);
		// every job finished: acknowledged and deleted
		await().atMost(Duration.ofSeconds(5)).until(() -> this.redis.xlen(NS + ":alerts:{" + PIPELINE + "}:deliveries") == 0);
	}

	@Test
	void retriesWhenTheReceiverFailsUntilItTakesTheRevision() {
		String key = "k-" + UUID.randomUUID();
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
		double retriedBefore = count("flaky", "retried");
		double deliveredBefore = count("flaky", "delivered");

		publish(alert("flaky-rule", key, start, Alert.Status.open, 1, 1));

		await().atMost(Duration.ofSeconds(20)).until(() -> count("flaky", "delivered") == deliveredBefore + 1);
		List<Received> calls = received.stream().filter((r) -> r.path().equals("/flaky") && r.idempotencyKey().contains(key)).toList();
		assertThat(calls).extracting((r) -> r.header("X-Tributary-Attempt")).containsExactly("1", "2", "3");
		assertThat(calls).extracting(Received::body).containsOnly(calls.get(0).body());
		// no secret configured: not signed
		assertThat(calls.get(0).header("X-Tributary-Signature")).isNull();
		assertThat(count("flaky", "retried")).isEqualTo(retriedBefore + 2);
		assertThat(failuresOf(key)).isEmpty();
	}

	@Test
	void recordsTheRevisionAsAFailedDeliveryAfterTheLastAttempt() {
		String key = "k-" + UUID.randomUUID();
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
		Alert alert = alert("down-rule", key, start, Alert.Status.open, 1, 1);
		double failedBefore = count("down", "failed");

		publish(alert);

		await().atMost(Duration.ofSeconds(20)).until(() -> !failuresOf(key).isEmpty());
		assertThat(received.stream().filter((r) -> r.path().equals("/down") && r.idempotencyKey().contains(key)))
			.hasSize(3);
		List<String> records = failuresOf(key);
		assertThat(records).hasSize(1);
		String json = records.get(0);
		assertThat((String) JsonPath.read(json, "$.target")).isEqualTo("down");
		assertThat((Integer) JsonPath.read(json, "$.attempts")).isEqualTo(3);
		assertThat((String) JsonPath.read(json, "$.reason")).isEqualTo("HTTP 503: down for maintenance");
		assertThat((String) JsonPath.read(json, "$.idempotencyKey"))
			.isEqualTo("down-rule%7C" + key + "%7C" + start.toEpochMilli() + "%7C1");
		assertThat((String) JsonPath.read(json, "$.alert.id")).isEqualTo("down-rule|" + key + "|" + start.toEpochMilli());
		assertThat(count("down", "failed")).isEqualTo(failedBefore + 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.redis.xlen(NS + ":alerts:{" + PIPELINE + "}:deliveries") == 0);
	}

	@Test
	void deliversAResentFailedDeliveryOnceWithTheSameIdempotencyKey() throws Exception {
		String key = "k-" + UUID.randomUUID();
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
		String idempotencyKey = "down-rule%7C" + key + "%7C" + start.toEpochMilli() + "%7C1";
		String failed = NS + ":alerts:{" + PIPELINE + "}:deliveries:failed";
		String jobs = NS + ":alerts:{" + PIPELINE + "}:deliveries";
		publish(alert("down-rule", key, start, Alert.Status.open, 1, 1));
		await().atMost(Duration.ofSeconds(20)).until(() -> !failuresOf(key).isEmpty());
		StreamMessage<String, String> record = this.redis.xrange(failed, Range.create("-", "+"))
			.stream()
			.filter((m) -> m.getBody().get("data").contains(key))
			.findFirst()
			.orElseThrow();
		String data = record.getBody().get("data");
		double deliveredBefore = count("down", "delivered");

		// the receiver is fixed; the operator resends: ingestion's script with the arguments it passes
		mended.add(idempotencyKey);
		String alertJson = WireFormat.writeString(WireFormat.read(data, AlertDeliveryFailure.class).alert());
		String script = resendScript();
		String[] keys = { failed, jobs };
		String[] args = { record.getId(), data, alertJson, "down", "100000", "data", "alert", "targets" };
		String job = this.redis.eval(script, ScriptOutputType.VALUE, keys, args);
		assertThat(job).isNotNull();
		// a second resend of the same record gives no second job
		assertThat((String) this.redis.eval(script, ScriptOutputType.VALUE, keys, args)).isNull();

		await().atMost(Duration.ofSeconds(20)).until(() -> count("down", "delivered") == deliveredBefore + 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.redis.xlen(jobs) == 0);
		Thread.sleep(300);
		List<Received> calls = requestsWith("/down", idempotencyKey);
		// three failed attempts, then the resent job's one, which the fixed receiver took
		assertThat(calls).hasSize(4);
		assertThat(calls.get(3).header("X-Tributary-Attempt")).isEqualTo("1");
		assertThat(calls.get(3).body()).isEqualTo(calls.get(0).body());
		assertThat(acted).contains(idempotencyKey);
		assertThat(failuresOf(key)).isEmpty();
		assertThat(count("down", "delivered")).isEqualTo(deliveredBefore + 1);
	}

	@Test
	void sendsASlackMessageToASlackTarget() {
		String key = "k-" + UUID.randomUUID();
		Instant start = Instant.parse("2026-12-03T12:00:00Z");
		Alert alert = alert("chat-rule", key, start, Alert.Status.open, 1, 1);

		publish(alert);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> received.stream().anyMatch((r) -> r.path().equals("/slack") && r.idempotencyKey().contains(key)));
		Received r = received.stream().filter((x) -> x.path().equals("/slack") && x.idempotencyKey().contains(key)).findFirst().orElseThrow();
		assertThat(r.body()).isEqualTo("{\"text\":\"[info] chat-rule opened on alerting, key " + key
				+ ": views > 10 — window 2026-12-03T12:00:00Z to 2026-12-03T12:00:10Z, 1 breaching window; views=12\"}");
	}

	/** The failure records (JSON) of the pipeline that concern {@code key}. */
	private List<String> failuresOf(String key) {
		List<StreamMessage<String, String>> records = this.redis.xrange(NS + ":alerts:{" + PIPELINE + "}:deliveries:failed",
				Range.create("-", "+"));
		return records.stream().map((m) -> m.getBody().get("data")).filter((json) -> json.contains(key)).toList();
	}

	private double count(String target, String outcome) {
		return this.meters.get("tributary.alert.deliveries").tag("target", target).tag("outcome", outcome).counter().count();
	}

	/** The script ingestion resends a failed delivery with, from contract's jar as ingestion loads it. */
	private static String resendScript() throws IOException {
		try (InputStream in = RedisKeys.class.getClassLoader().getResourceAsStream(RedisKeys.RESEND_DELIVERY_SCRIPT)) {
			if (in == null) {
				throw new IllegalStateException(RedisKeys.RESEND_DELIVERY_SCRIPT + " is not on the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static List<Received> requestsWith(String path, String idempotencyKey) {
		return received.stream().filter((r) -> r.path().equals(path) && r.idempotencyKey().equals(idempotencyKey)).toList();
	}

	private void publish(Alert alert) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(WireFormat.CONTENT_TYPE);
		this.rabbit.send(Destinations.name(NS, Destinations.RESULTS), "results",
				new Message(WireFormat.write(ResultBatch.ofAlerts(List.of(alert))), properties));
	}

	private static Alert alert(String rule, String key, Instant start, Alert.Status status, long revision, long breaches) {
		Instant at = Instant.now();
		Alert.Severity severity = switch (rule) {
			case "hot" -> Alert.Severity.critical;
			case "chat-rule" -> Alert.Severity.info;
			default -> Alert.Severity.warning;
		};
		return new Alert(Alert.id(rule, key, start), PIPELINE, rule, key, status, severity, Alert.Kind.threshold,
				"views > 10", start, start.plusSeconds(10), breaches, Map.of("views", 12L), null, null, null, at, at,
				null, null, revision, 1);
	}

	private static String hmac(String secret, String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static HttpServer startReceiver() {
		try {
			HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			s.createContext("/dedup", (exchange) -> {
				Received r = receive(exchange);
				acted.add(r.idempotencyKey());
				answer(exchange, 200, "");
			});
			s.createContext("/flaky", (exchange) -> {
				Received r = receive(exchange);
				int calls = flakyCalls.merge(r.idempotencyKey(), 1, Integer::sum);
				answer(exchange, calls <= 2 ? 500 : 200, calls <= 2 ? "boom" : "");
			});
			s.createContext("/down", (exchange) -> {
				Received r = receive(exchange);
				if (mended.contains(r.idempotencyKey())) {
					acted.add(r.idempotencyKey());
					answer(exchange, 200, "");
				}
				else {
					answer(exchange, 503, "down for maintenance");
				}
			});
			s.createContext("/slack", (exchange) -> {
				receive(exchange);
				answer(exchange, 200, "ok");
			});
			s.start();
			return s;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Received receive(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			Map<String, String> headers = new ConcurrentHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
			Received r = new Received(exchange.getRequestURI().getPath(), headers,
					new String(in.readAllBytes(), StandardCharsets.UTF_8));
			received.add(r);
			return r;
		}
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	/** One request as the receiver got it; header names in lower case. */
	record Received(String path, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		String idempotencyKey() {
			return this.headers.getOrDefault("idempotency-key", "");
		}

	}

}
