package io.tributary.ingestion;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import io.tributary.testsupport.DeployedMetrics;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of ingestion: the trace of a request ({@code traceparent}) continues on the
 * event batch it publishes (so does a broker message's), and every metric the deployed dashboard and alerting rules read of
 * ingestion is on its {@code /actuator/prometheus} (for an admin key).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tributary.metrics.queue-depth-interval=500ms")
class ObservabilityIT extends IngestionTestBed {

	private static final String NS = TestInfrastructure.newNamespace("ingest-obs-it");

	private static final String TAP = IngestionTestBed.tap(NS);

	private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
	}

	ObservabilityIT() {
		super(NS);
	}

	@BeforeEach
	void emptyTap() {
		this.admin.purgeQueue(TAP, false);
	}

	@Test
	void theEventBatchContinuesTheTraceOfTheRequestAndTheMetricsTheDashboardReadsAreServed() throws Exception {
		HttpResponse<String> accepted = send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/streams/clicks/events"))
			.header("Content-Type", "application/json")
			.header("traceparent", "00-" + TRACE_ID + "-eee19b7ec3c1b174-01")
			.POST(HttpRequest.BodyPublishers.ofString("{\"page\": \"/a\"}", StandardCharsets.UTF_8)));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

		Message published = this.rabbit.receive(TAP, 5000);
		assertThat(published).isNotNull();
		assertThat(String.valueOf(published.getMessageProperties().getHeaders().get("traceparent")))
			.startsWith("00-" + TRACE_ID + "-");

		Set<String> wanted = DeployedMetrics.ownedBy("ingestion-service",
				DeployedMetrics.referenced(DeployedMetrics.repositoryRoot()));
		assertThat(wanted).contains("tributary_ingestion_events_total", "http_server_requests_seconds_count",
				"tributary_queue_depth");
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			HttpResponse<String> metrics = send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")));
			assertThat(metrics.statusCode()).isEqualTo(200);
			assertThat(DeployedMetrics.exposed(metrics.body())).containsAll(wanted);
			// the publish and its request were not observed a second time by the framework
			assertThat(DeployedMetrics.perMessageFrameworkMeters(metrics.body())).isEmpty();
			// the time to accept events as a histogram (the benchmark's latency profile reads it)
			assertThat(metrics.body().lines()).anyMatch((line) -> line.startsWith("http_server_requests_seconds_bucket{")
					&& line.contains("method=\"POST\"") && line.contains("uri=\"/api/v1/streams/{stream}/events\""));
		});
	}

	@Test
	void anEventBatchOfAnUnsampledRequestCarriesNoTrace() throws Exception {
		HttpResponse<String> accepted = send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/streams/clicks/events"))
			.header("Content-Type", "application/json")
			.header("traceparent", "00-" + TRACE_ID + "-eee19b7ec3c1b174-00")
			.POST(HttpRequest.BodyPublishers.ofString("{\"page\": \"/c\"}", StandardCharsets.UTF_8)));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

		Message published = this.rabbit.receive(TAP, 5000);
		assertThat(published).isNotNull();
		assertThat(published.getMessageProperties().getHeaders()).doesNotContainKey("traceparent");
	}

	@Test
	void anEventBatchFromBrokerInputContinuesTheTraceOfTheMessage() {
		String traceId = "6e0c63257de34c92bf9efcd03927272e";
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		properties.setHeader("traceparent", "00-" + traceId + "-a3ce929d0e0e4736-01");
		this.rabbit.send(NS + ".ingest", "clicks",
				new Message("{\"page\": \"/b\"}".getBytes(StandardCharsets.UTF_8), properties));

		Message published = this.rabbit.receive(TAP, 10_000);
		assertThat(published).isNotNull();
		assertThat(String.valueOf(published.getMessageProperties().getHeaders().get("traceparent")))
			.startsWith("00-" + traceId + "-");
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient()
			.send(request.header("Authorization", Http.KEY.bearer()).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
