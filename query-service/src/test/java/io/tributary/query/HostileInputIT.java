package io.tributary.query;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.testsupport.HostileRequests;
import io.tributary.testsupport.HostileRequests.Hostile;
import io.tributary.testsupport.RawHttp;
import io.tributary.testsupport.RawHttp.Answer;
import io.tributary.testsupport.TestInfrastructure;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile client sends, over raw sockets to the real service: every answer is a 4xx problem
 * (or, where the server must drop the connection, a close within the deadline), the service stays
 * healthy, and neither the requests nor clients that vanish mid-answer or mid-stream are an ERROR in
 * the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIT {

	/** The test key, on every raw request: the cases are about the request, not about who sends it. */
	private static final String AUTH = "X-API-Key: " + StoredResults.KEY.key() + "\r\n";

	private static final String NS = TestInfrastructure.newNamespace("hostile-it");

	private static final String FEED = NS + ":feed:{campaign-views}";

	private static final String PIPELINES = "/api/v1/pipelines";

	/** Tomcat's wait for the next bytes, short for the test. */
	private static final Duration IDLE = Duration.ofSeconds(2);

	/** How much later than a deadline a close may come (scheduling, the poller's tick). */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
		registry.add("tributary.live.poll-interval", () -> "20ms");
		registry.add("server.tomcat.connection-timeout", () -> IDLE.toMillis() + "ms");
	}

	@LocalServerPort
	private int port;

	private RawHttp raw;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	@BeforeAll
	void connect() {
		this.raw = new RawHttp(this.port);
		this.client = RedisClient.create(TestInfrastructure.redis().uri());
		this.connection = this.client.connect();
	}

	@AfterEach
	void stillHealthyAndNoErrorLogged(CapturedOutput output) throws Exception {
		HttpResponse<Void> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(health.statusCode()).isEqualTo(200);
		// other test classes' contexts share this JVM and its output: a Redis client of one that was closed
		// reports its shut-down event loop; that is not this service's doing
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains(" ERROR ") && !line.contains("Event loop shut down?"))
			.toList()).isEmpty();
	}

	@AfterAll
	void cleanUp() {
		this.connection.close();
		this.client.shutdown();
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	List<Hostile> containerLevel() {
		return HostileRequests.containerLevel(PIPELINES);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("containerLevel")
	void whatTomcatRefusesIsAProblemToo(Hostile hostile) {
		assertProblem(this.raw.exchange(hostile.request()), null);
	}

	@Test
	void anEncodedSlashStillReachesTheControllerAsPartOfAKey() {
		// the key "a/../b" is data, not a path: it is looked up (and not found), not normalised away
		Answer answer = this.raw.exchange("GET " + PIPELINES + "/campaign-views/keys/a%2F..%2Fb/latest HTTP/1.1\r\n"
				+ "Host: x\r\n" + AUTH + "Connection: close\r\n\r\n");
		assertProblem(answer, 404);
	}

	@Test
	void hostileQueryParametersAreProblems() {
		String results = PIPELINES + "/campaign-views/results";
		assertProblem(get(results + "?limit=" + "9".repeat(1000)), 400);
		assertProblem(get(results + "?limit=%ZZ"), 400);
		assertProblem(get(results + "?from=" + "1".repeat(1000)), 400);
		assertProblem(get(results + "?key=%00&cursor=" + "A".repeat(4000)), 400);
	}

	@Test
	void aBodySentToTheReadOnlyApiIsAProblem() {
		assertProblem(this.raw.exchange("POST " + PIPELINES + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"), 405);
	}

	@Test
	void aSlowLorisIsDroppedAtTheIdleTimeout() throws Exception {
		try (Socket socket = this.raw.open()) {
			long start = System.nanoTime();
			socket.getOutputStream().write(("GET " + PIPELINES + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Slow: ")
				.getBytes(StandardCharsets.ISO_8859_1));
			assertThat(RawHttp.closedWithin(socket, IDLE.plus(SLACK))).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE.plus(SLACK));
		}
	}

	@Test
	void aClientThatLeavesALiveStreamIsNoErrorInTheLog() throws Exception {
		try (Socket socket = this.raw.open()) {
			socket.getOutputStream().write(("GET " + PIPELINES + "/campaign-views/stream?since=0 HTTP/1.1\r\nHost: x\r\n" + AUTH + ""
					+ "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			byte[] start = in.readNBytes(12);
			assertThat(new String(start, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
			socket.setSoLinger(true, 0);
		}
		// results keep coming: the stream's next writes find the connection gone
		for (int i = 0; i < 20; i++) {
			this.connection.sync().xadd(FEED, Map.of("data", "{\"pipeline\":\"campaign-views\",\"key\":\"k\"}"));
			Thread.sleep(50);
		}
		Thread.sleep(500);
	}

	@Test
	void aClientThatLeavesBeforeItsAnswerIsNoErrorInTheLog() throws Exception {
		for (int i = 0; i < 5; i++) {
			try (Socket socket = this.raw.open()) {
				socket.getOutputStream().write(("GET " + PIPELINES + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
				socket.setSoLinger(true, 0);
			}
		}
		Thread.sleep(500);
	}

	private Answer get(String target) {
		return this.raw.exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n");
	}

	private static JsonNode assertProblem(Answer answer, @Nullable Integer status) {
		assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
		if (status != null) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		}
		assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
		JsonNode problem;
		try {
			problem = JSON.readTree(answer.body());
		}
		catch (RuntimeException ex) {
			throw new AssertionError("not one JSON problem: " + answer, ex);
		}
		assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
		assertThat(problem.path("title").asString()).isNotBlank();
		return problem;
	}

}
