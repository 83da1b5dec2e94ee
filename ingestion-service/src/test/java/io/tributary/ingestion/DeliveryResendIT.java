package io.tributary.ingestion;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resending failed alert deliveries over HTTP against the real Redis: the test writes failure records
 * the way storage does (hand-written JSON in a stream, key layout of contract RedisKeys) and checks
 * with plain Redis commands which delivery jobs a resend appends and which records it deletes. The
 * ids are the records' stream ids, as query lists them.
 */
class DeliveryResendIT extends IngestionTestBed {

	private static final String NS = TestInfrastructure.newNamespace("ingest-resend-it");

	/** A pipeline of the test pipeline file. */
	private static final String PIPELINE = "order-count";

	/** A key with every scope but admin: it may send events, load lookups and read, not resend. */
	private static final TestKey NOT_ADMIN = TestKey.create("ingestion-it-not-admin", "ingest", "lookups", "query");

	private static final String FAILED = NS + ":alerts:{" + PIPELINE + "}:deliveries:failed";

	private static final String JOBS = NS + ":alerts:{" + PIPELINE + "}:deliveries";

	private static final String BASE = "/api/v1/pipelines/" + PIPELINE + "/alerts/deliveries/failed";

	private static final long T0 = 1_714_564_800_000L;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	private RedisCommands<String, String> redis;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		// Http.KEY is key 0
		TestKey.properties(Http.KEY, NOT_ADMIN)
			.forEach((name, value) -> {
				if (name.startsWith("tributary.security.keys[1].")) {
					registry.add(name, () -> value);
				}
			});
	}

	DeliveryResendIT() {
		super(NS);
	}

	@BeforeAll
	static void connect() {
		client = RedisClient.create(TestInfrastructure.redis().uri());
		connection = client.connect();
	}

	@AfterAll
	static void disconnect() {
		connection.close();
		client.shutdown();
	}

	@BeforeEach
	void startEmpty() {
		this.redis = connection.sync();
		this.redis.del(FAILED, JOBS);
	}

	@Test
	void resendsOneFailedDeliveryAsOneJobForItsTargetAndDeletesTheRecord() throws Exception {
		String first = recordFailure("ops-hook", 1);
		String chat = recordFailure("team-chat", 1);
		String second = recordFailure("ops-hook", 2);

		Response resent = send("POST", BASE + "/" + chat + "/resend", null, Http.KEY);

		assertThat(resent.status()).as(resent.body()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(resent.body(), "$.resent")).isEqualTo(1);
		assertThat((List<String>) JsonPath.read(resent.body(), "$.ids")).containsExactly(chat);
		List<StreamMessage<String, String>> jobs = jobs();
		assertThat(jobs).hasSize(1);
		assertThat(jobs.get(0).getBody()).containsOnlyKeys("alert", "targets");
		assertThat(jobs.get(0).getBody().get("targets")).isEqualTo("team-chat");
		JSONAssert.assertEquals(alertJson(1), jobs.get(0).getBody().get("alert"), JSONCompareMode.LENIENT);
		assertThat(failureIds()).containsExactly(first, second);

		// a second resend of the same record: refused, and no second job
		Response again = send("POST", BASE + "/" + chat + "/resend", null, Http.KEY);
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat((String) JsonPath.read(again.body(), "$.detail")).contains(chat);
		assertThat(jobs()).hasSize(1);
		assertThat(failureIds()).containsExactly(first, second);
	}

	@Test
	void concurrentResendsOfOneRecordGiveOneJob() throws Exception {
		String id = recordFailure("ops-hook", 1);
		List<Callable<Response>> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			calls.add(() -> send("POST", BASE + "/" + id + "/resend", null, Http.KEY));
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (Future<Response> answer : pool.invokeAll(calls)) {
				statuses.add(answer.get().status());
			}
		}
		assertThat(statuses).filteredOn((s) -> s == 200).hasSize(1);
		assertThat(statuses).filteredOn((s) -> s == 404).hasSize(7);
		assertThat(jobs()).hasSize(1);
		assertThat(failureIds()).isEmpty();
	}

	@Test
	void resendsEveryFailedDeliveryOfOneTargetOldestFirst() throws Exception {
		String first = recordFailure("ops-hook", 1);
		String chat = recordFailure("team-chat", 1);
		String second = recordFailure("ops-hook", 2);

		Response resent = send("POST", BASE + "/resend", "{\"target\":\"ops-hook\"}", Http.KEY);

		assertThat(resent.status()).as(resent.body()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(resent.body(), "$.resent")).isEqualTo(2);
		assertThat((List<String>) JsonPath.read(resent.body(), "$.ids")).containsExactly(first, second);
		List<StreamMessage<String, String>> jobs = jobs();
		assertThat(jobs).hasSize(2);
		assertThat(jobs).extracting((m) -> m.getBody().get("targets")).containsExactly("ops-hook", "ops-hook");
		JSONAssert.assertEquals(alertJson(1), jobs.get(0).getBody().get("alert"), JSONCompareMode.LENIENT);
		JSONAssert.assertEquals(alertJson(2), jobs.get(1).getBody().get("alert"), JSONCompareMode.LENIENT);
		assertThat(failureIds()).containsExactly(chat);

		Response again = send("POST", BASE + "/resend", "{\"target\":\"ops-hook\"}", Http.KEY);
		assertThat(again.status()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(again.body(), "$.resent")).isEqualTo(0);
		assertThat(jobs()).hasSize(2);
	}

	@Test
	void refusesUnknownPipelinesUnknownIdsBadInputAndKeysWithoutAdmin() throws Exception {
		String id = recordFailure("ops-hook", 1);

		assertProblem(send("POST", "/api/v1/pipelines/nope/alerts/deliveries/failed/" + id + "/resend", null,
				Http.KEY), 404);
		assertProblem(send("POST", BASE + "/1-0/resend", null, Http.KEY), 404);
		Response malformed = send("POST", BASE + "/not-an-id/resend", null, Http.KEY);
		assertProblem(malformed, 400);
		assertThat((String) JsonPath.read(malformed.body(), "$.parameter")).isEqualTo("id");
		Response noTarget = send("POST", BASE + "/resend", "{}", Http.KEY);
		assertProblem(noTarget, 400);
		assertThat((String) JsonPath.read(noTarget.body(), "$.parameter")).isEqualTo("target");
		assertProblem(send("POST", "/api/v1/pipelines/nope/alerts/deliveries/failed/resend", "{\"target\":\"ops-hook\"}",
				Http.KEY), 404);
		// a key with every scope but admin cannot resend
		assertProblem(send("POST", BASE + "/" + id + "/resend", null, NOT_ADMIN), 403);
		assertProblem(send("POST", BASE + "/resend", "{\"target\":\"ops-hook\"}", NOT_ADMIN), 403);

		assertThat(jobs()).isEmpty();
		assertThat(failureIds()).containsExactly(id);
	}

	private static void assertProblem(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	/** Appends a failure record as storage does and returns its id. */
	private String recordFailure(String target, int revision) {
		return this.redis.xadd(FAILED, Map.of("data", """
				{"target":"%s","idempotencyKey":"slow%%7Cc-1%%7C%d%%7C%d","attempts":6,"reason":"HTTP 503: down",
				 "firstAttemptAt":"2024-05-01T12:05:01Z","failedAt":"2024-05-01T12:05:32Z","alert":%s}
				""".formatted(target, T0, revision, alertJson(revision))));
	}

	/** The alert revision a failure record holds, as WireFormat writes an Alert. */
	private static String alertJson(int revision) {
		return """
				{"id":"slow|c-1|%d","pipeline":"order-count","rule":"slow","key":"c-1","status":"open",
				 "severity":"critical","kind":"threshold","condition":"avg_latency > 1500",
				 "windowStart":"2024-05-01T12:00:00Z","windowEnd":"2024-05-01T12:00:10Z","breaches":%d,
				 "metrics":{"views":2,"avg_latency":1712.5},"openedAt":"2024-05-01T12:05:00Z",
				 "updatedAt":"2024-05-01T12:05:00Z","revision":%d,"version":1}
				""".formatted(T0, revision, revision);
	}

	private List<StreamMessage<String, String>> jobs() {
		return this.redis.xrange(JOBS, Range.create("-", "+"));
	}

	private List<String> failureIds() {
		return this.redis.xrange(FAILED, Range.create("-", "+")).stream().map(StreamMessage::getId).toList();
	}

	private Response send(String method, String path, @Nullable String body, TestKey key) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", key.bearer())
			.timeout(Duration.ofSeconds(30));
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				response.body());
	}

	private record Response(int status, String contentType, String body) {
	}

}
