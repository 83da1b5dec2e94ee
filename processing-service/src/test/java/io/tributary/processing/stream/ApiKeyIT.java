package io.tributary.processing.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.ResultBatch;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys in the processing service: its actuator beyond health answers only a key with the admin
 * scope (it serves no API of its own), and the dead letters it makes of events published over HTTP
 * name the key that published them, from the batch's header; batches without the header (broker
 * publishers, older messages) make records without a name.
 */
class ApiKeyIT {

	private static final TestKey PROMETHEUS = TestKey.admin("processing-it-prometheus");

	private static final TestKey READER = TestKey.create("processing-it-reader", "query");

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ProcessingTestBed bed;

	private static Clicks clicks;

	private static int port;

	@BeforeAll
	static void start() {
		bed = new ProcessingTestBed(TestInfrastructure.newNamespace("proc-keys-it"), "src/test/resources/it-pipelines.yaml",
				Map.of("u1", "\"eu\""));
		clicks = new Clicks(bed);
		ConfigurableApplicationContext context = bed.start(TestKey.properties(PROMETHEUS, READER));
		port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	@AfterAll
	static void stop() {
		bed.close();
	}

	@Test
	void theMetricsNeedAnAdminKeyAndTheProbesNone() throws Exception {
		assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);

		HttpResponse<String> anonymous = get("/actuator/prometheus", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(anonymous.body()).doesNotContain("tributary_route");
		assertThat(get("/actuator/prometheus", READER).statusCode()).isEqualTo(403);
		assertThat(get("/actuator/info", null).statusCode()).isEqualTo(401);

		HttpResponse<String> scraped = get("/actuator/prometheus", PROMETHEUS);
		assertThat(scraped.statusCode()).isEqualTo(200);
		assertThat(scraped.body()).contains("tributary_route_events_total");
	}

	@Test
	void deadLettersNameTheKeyThatPublishedTheirEventAndNoneForBrokerPublishers() throws Exception {
		Instant year9999 = Instant.parse("9999-01-01T00:00:00Z");
		// u9 has no region: the pipeline's lookup misses, a dead letter of pipeline per-region
		bed.publish("clicks", "billing-publisher", clicks.event("k1", "u9", "click", 1_000, 1),
				new Event("k2", "ingest-k2", "clicks", year9999, Instant.now(),
						Map.of("id", "k2", "user", "u1", "kind", "click", "ts", year9999.toString(), "amount", 1L)));
		bed.publish("clicks", clicks.event("n1", "u9", "click", 1_000, 1));

		List<DeadLetterRecord> dead = awaitDeadLetters(3);

		assertThat(dead).filteredOn((d) -> d.eventId().equals("k1")).singleElement().satisfies((d) -> {
			assertThat(d.pipeline()).isEqualTo("per-region");
			assertThat(d.reason()).contains("lookup 'regions' has no entry for key 'u9'");
			assertThat(d.apiKey()).isEqualTo("billing-publisher");
		});
		assertThat(dead).filteredOn((d) -> d.eventId().equals("k2")).singleElement().satisfies((d) -> {
			assertThat(d.pipeline()).isNull();
			assertThat(d.apiKey()).isEqualTo("billing-publisher");
		});
		assertThat(dead).filteredOn((d) -> d.eventId().equals("n1")).singleElement()
			.satisfies((d) -> assertThat(d.apiKey()).isNull());
	}

	private static HttpResponse<String> get(String path, TestKey key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (key != null) {
			request.header("Authorization", key.bearer());
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<DeadLetterRecord> awaitDeadLetters(int count) throws InterruptedException {
		List<DeadLetterRecord> dead = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (dead.size() < count && System.nanoTime() < deadline) {
			ResultBatch batch = bed.nextResults();
			if (batch != null) {
				dead.addAll(batch.deadLetters());
			}
		}
		assertThat(dead).as("dead letters within 30 s").hasSize(count);
		return dead;
	}

}
