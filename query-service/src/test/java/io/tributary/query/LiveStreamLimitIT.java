package io.tributary.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live streams per key: a key with a limit of 2 gets its third stream refused with a 429 problem and
 * {@code Retry-After} while another key still opens its own; a stream whose client went away, and one
 * that timed out, give their place back, and when every client is gone no stream is left counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveStreamLimitIT {

	private static final String NS = TestInfrastructure.newNamespace("live-limit-it");

	private static final TestKey VIEWER = StoredResults.VIEWER;

	private static final HttpClient http = HttpClient.newHttpClient();

	private final List<HttpResponse<Stream<String>>> open = new ArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
		registry.add("tributary.rate-limits.keys." + VIEWER.name() + ".live-streams", () -> "2");
		// a client that went away is noticed at the next write: the heartbeat
		registry.add("tributary.live.heartbeat", () -> "100ms");
		registry.add("tributary.live.poll-interval", () -> "50ms");
		registry.add("tributary.live.timeout", () -> "4s");
	}

	@AfterEach
	void closeClients() {
		this.open.forEach((response) -> response.body().close());
		this.open.clear();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(streamsServed()).isZero());
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	@Test
	void aKeyPastItsLimitGets429WhileAnotherKeyStillStreams() throws Exception {
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(200);
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(200);

		HttpResponse<Stream<String>> refused = openStream(VIEWER);

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(String.join("\n", refused.body().toList())).contains("\"status\":429")
			.contains("too-many-streams")
			.contains(VIEWER.name())
			.doesNotContain(VIEWER.key());
		// the default of 10 for any other key, counted apart
		for (int i = 0; i < 3; i++) {
			assertThat(openStream(StoredResults.KEY).statusCode()).isEqualTo(200);
		}
		assertThat(streamsServed()).isEqualTo(5);
	}

	@Test
	void aStreamWhoseClientWentAwayGivesItsPlaceBack() throws Exception {
		HttpResponse<Stream<String>> first = openStream(VIEWER);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(200);
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(429);

		first.body().close();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(streamsServed()).isEqualTo(1));
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(200);
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(429);
	}

	@Test
	void streamsThatTimedOutGiveTheirPlacesBackEvenWhileTheirClientsStayConnected() throws Exception {
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(200);
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(200);
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(429);

		// tributary.live.timeout is 4 s here; the clients keep their connections open meanwhile
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(streamsServed()).isZero());

		assertThat(openStream(VIEWER).statusCode()).isEqualTo(200);
		assertThat(openStream(VIEWER).statusCode()).isEqualTo(200);
	}

	private HttpResponse<Stream<String>> openStream(TestKey key) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/pipelines/" + StoredResults.PIPELINE + "/stream"))
			.header("Accept", "text/event-stream")
			.header("Authorization", key.bearer())
			.build();
		HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
		if (response.statusCode() == 200) {
			this.open.add(response);
		}
		return response;
	}

	private double streamsServed() {
		return this.meters.get("tributary.live.streams").gauge().value();
	}

}
