package io.tributary.query;

import java.net.http.HttpResponse;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import io.tributary.testsupport.DeployedMetrics;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees of query: the pipeline status with its lag and per-partition fields, and
 * every metric the deployed dashboard and alerting rules read of query on its
 * {@code /actuator/prometheus} (for an admin key).
 */
class ObservabilityIT extends QueryTestBed {

	private static final String NS = TestInfrastructure.newNamespace("query-obs-it");

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
		HttpResponse<String> pipelines = getWithKey("/api/v1/pipelines");
		assertThat(pipelines.statusCode()).isEqualTo(200);
		Object status = JsonPath.read(pipelines.body(), "$.items[0].status");
		assertThat(status.toString()).contains("watermarkLagMs", "partitions", "freshnessMs", "lastFinalWindowEnd");

		Set<String> wanted = DeployedMetrics.ownedBy("query-service",
				DeployedMetrics.referenced(DeployedMetrics.repositoryRoot()));
		assertThat(wanted).contains("http_server_requests_seconds_count");
		HttpResponse<String> metrics = getWithKey("/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(DeployedMetrics.exposed(metrics.body())).containsAll(wanted);
	}

}
