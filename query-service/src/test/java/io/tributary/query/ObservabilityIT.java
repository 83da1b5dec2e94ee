package io.tributary.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import io.tributary.testsupport.DeployedMetrics;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees of query: the pipeline status with its lag and per-partition fields, and
 * every metric the deployed dashboard and alerting rules read of query on its
 * {@code /actuator/prometheus} (for an admin key).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ObservabilityIT {

	private static final String NS = TestInfrastructure.newNamespace("query-obs-it");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	@Test
	void servesThePipelineStatusWithItsLagFieldsAndEveryMetricTheDashboardReads() throws Exception {
		HttpResponse<String> pipelines = get("/api/v1/pipelines");
		assertThat(pipelines.statusCode()).isEqualTo(200);
		Object status = JsonPath.read(pipelines.body(), "$.items[0].status");
		assertThat(status.toString()).contains("watermarkLagMs", "partitions", "freshnessMs", "lastFinalWindowEnd");

		Set<String> wanted = DeployedMetrics.ownedBy("query-service",
				DeployedMetrics.referenced(DeployedMetrics.repositoryRoot()));
		assertThat(wanted).contains("http_server_requests_seconds_count");
		HttpResponse<String> metrics = get("/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(DeployedMetrics.exposed(metrics.body())).containsAll(wanted);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", StoredResults.KEY.bearer())
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
