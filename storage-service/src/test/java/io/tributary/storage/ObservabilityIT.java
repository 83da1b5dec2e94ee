package io.tributary.storage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.contract.Counts;
import io.tributary.contract.Destinations;
import io.tributary.contract.Headers;
import io.tributary.contract.IngestTimes;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.DeployedMetrics;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of storage, with the service's own switches: JSON log lines (ECS) that carry
 * the trace id of the result batch being stored (a {@code traceparent} header as processing sends
 * it), and every metric the deployed dashboard and alerting rules read of storage on its
 * {@code /actuator/prometheus}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.structured.format.console=ecs", "logging.level.io.tributary.storage.consume=debug",
				"tributary.metrics.queue-depth-interval=500ms" })
class ObservabilityIT {

	private static final String NS = TestInfrastructure.newNamespace("storage-obs-it");

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@Autowired
	private ConnectionFactory connectionFactory;

	/** The actuator beyond health answers an admin key only, as it answers Prometheus. */
	private static final TestKey PROMETHEUS = TestKey.admin("storage-obs-prometheus");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", () -> "src/test/resources/pipelines/storage-test.yaml");
		TestKey.properties(PROMETHEUS).forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeAll
	static void connect() {
		client = RedisClient.create(TestInfrastructure.redis().uri());
		connection = client.connect();
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
		connection.close();
		client.shutdown();
	}

	@Test
	void logsJsonLinesWithTheTraceIdOfTheBatchAndServesEveryMetricTheDashboardAndRulesRead(CapturedOutput output)
			throws Exception {
		String key = "k-" + UUID.randomUUID().toString().substring(0, 8);
		Instant start = Instant.now().minusSeconds(30);
		WindowResult result = new WindowResult("views", key, start, start.plusSeconds(10), true, 1,
				Map.of("views", 3L), new Counts(3, 0, 0));
		ResultBatch batch = new ResultBatch(List.of(result), List.of(), List.of(), List.of(), List.of(),
				Map.of("views", new IngestTimes(start.plusSeconds(1), start.plusSeconds(9))));
		MessageProperties properties = new MessageProperties();
		properties.setContentType(WireFormat.CONTENT_TYPE);
		properties.setHeader("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		properties.setHeader(Headers.SENT_AT, System.currentTimeMillis());
		new RabbitTemplate(this.connectionFactory).send(Destinations.name(NS, Destinations.RESULTS), "results",
				new Message(WireFormat.write(batch), properties));

		String hash = NS + ":results:{views:" + key + "}";
		await().atMost(Duration.ofSeconds(20)).until(() -> connection.sync().hexists(hash,
				Long.toString(start.toEpochMilli())));

		// once the service configured logging, every console line is one JSON object; the batch's own
		// lines carry its trace id (lines before that are the test framework's)
		await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains(TRACE_ID));
		List<JsonNode> lines = output.getOut()
			.lines()
			.dropWhile((l) -> !l.startsWith("{"))
			.filter((l) -> !l.isBlank())
			.map(ObservabilityIT::json)
			.toList();
		assertThat(lines).hasSizeGreaterThan(10);
		assertThat(lines).allSatisfy((line) -> assertThat(line.has("@timestamp") && line.has("message")).isTrue());
		assertThat(lines).filteredOn((line) -> line.path("traceId").asString("").equals(TRACE_ID))
			.anySatisfy((line) -> assertThat(line.path("message").asString()).startsWith("Received a batch of 1"));

		Set<String> wanted = DeployedMetrics.ownedBy("storage-service",
				DeployedMetrics.referenced(DeployedMetrics.repositoryRoot()));
		assertThat(wanted).contains("tributary_result_freshness_seconds_bucket", "tributary_e2e_latency_seconds_bucket",
				"tributary_queue_depth", "tributary_hop_latency_seconds_bucket",
				"tributary_stage_duration_seconds_bucket");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(DeployedMetrics.exposed(scrape())).containsAll(wanted));
		// the batch said when it was sent: one results hop, one delivery stored
		String exposition = scrape();
		assertThat(sample(exposition, "tributary_hop_latency_seconds_count", "hop=\"results\"")).isEqualTo(1);
		assertThat(sample(exposition, "tributary_stage_duration_seconds_count", "stage=\"store\"")).isEqualTo(1);
		// and neither the delivery, the function call nor its Redis commands were observed by the framework
		assertThat(DeployedMetrics.perMessageFrameworkMeters(exposition)).isEmpty();
	}

	/** The value of the sample of that name whose labels include the given one. */
	private static double sample(String exposition, String name, String label) {
		return exposition.lines()
			.filter((line) -> line.startsWith(name + "{") && line.contains(label))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + name + " with " + label));
	}

	private String scrape() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus"))
				.header("Authorization", PROMETHEUS.bearer())
				.build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static JsonNode json(String line) {
		try {
			return WireFormat.mapper().readTree(line);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Not a JSON log line: " + line, ex);
		}
	}

}
