package io.tributary.query;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with no Redis to talk to (a port nothing listens on): queries are 503 problems with
 * Retry-After, the service is alive but not ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisDownIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> closedPort);
		registry.add("tributary.pipeline-file", () -> "src/test/resources/pipelines/test-pipelines.yaml");
		TestKey.properties(StoredResults.KEY).forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void queriesAre503ProblemsWithRetryAfter() throws Exception {
		for (String path : new String[] { "/api/v1/pipelines", "/api/v1/pipelines/campaign-views/results?key=c-1",
				"/api/v1/pipelines/campaign-views/keys/c-1/latest", "/api/v1/streams/ad-events/dead-letters" }) {
			HttpResponse<String> r = get(path);
			assertThat(r.statusCode()).as(path).isEqualTo(503);
			assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
			assertThat(r.headers().firstValue("Retry-After")).as(path).hasValue("1");
			assertThat((Integer) JsonPath.read(r.body(), "$.status")).isEqualTo(503);
		}
	}

	@Test
	void badRequestsAreStill400sWithoutRedis() throws Exception {
		assertThat(get("/api/v1/pipelines/campaign-views/results?key=c-1&limit=0").statusCode()).isEqualTo(400);
		assertThat(get("/api/v1/pipelines/nope/results?key=c-1").statusCode()).isEqualTo(404);
	}

	@Test
	void isAliveButNotReady() throws Exception {
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat((String) JsonPath.read(readiness.body(), "$.status")).isEqualTo("DOWN");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", StoredResults.KEY.bearer())
			.build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
