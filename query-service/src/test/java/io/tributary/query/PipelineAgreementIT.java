package io.tributary.query;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.PipelineVersion;
import io.tributary.testsupport.TestInfrastructure;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query started with another pipeline file than the one processing runs (as processing records it in
 * Redis): its health contributor {@code pipelines} says so, with what differs, readiness stays up,
 * and the pipeline API shows the version and that this service is out of sync.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tributary.pipeline-agreement.interval=200ms",
				"management.endpoint.health.show-components=always",
				"management.endpoint.health.show-details=always" })
class PipelineAgreementIT extends QueryTestBed {

	private static final String NS = TestInfrastructure.newNamespace("agreement-it");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StoredResults.properties(registry, NS);
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	/** Processing records that it runs {@code yaml}, version 3 since {@code since}. */
	private static void processingRuns(String yaml, String pipeline) {
		PipelineFingerprint running = PipelineFingerprint.of(PipelineFileLoader.load("processing.yaml", yaml, null))
			.get(pipeline);
		RedisClient client = RedisClient.create(TestInfrastructure.redis().uri());
		try (StatefulRedisConnection<String, String> c = client.connect()) {
			c.sync()
				.hset(new RedisKeys(NS).pipelineVersion(pipeline),
						new PipelineVersion(3, Instant.parse("2024-05-01T11:00:00Z"), running).toHash());
		}
		finally {
			client.shutdown();
		}
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = getWithKey(path);
		return response.statusCode() + " " + response.body();
	}

	@Test
	void aDifferentDefinitionIsReportedInHealthAndTheApiButDoesNotFailReadiness() throws Exception {
		String file = Files.readString(StoredResults.PIPELINE_FILE);
		String changed = file.replace("size: 10s", "size: 20s");
		assertThat(changed).isNotEqualTo(file);
		processingRuns(changed, "campaign-views");
		processingRuns(file, "click-counts");

		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String health = get("/actuator/health/pipelines");
			assertThat(health).startsWith("200 ").contains("\"status\":\"OUT_OF_SYNC\"");
			assertThat(health).contains("window: tumbling size 20s").contains("-> tumbling size 10s");
		});
		assertThat(get("/actuator/health/readiness")).startsWith("200 ").contains("\"status\":\"UP\"");
		assertThat(get("/api/v1/pipelines/campaign-views")).contains(
				"\"version\":{\"number\":3,\"since\":\"2024-05-01T11:00:00Z\"").contains("\"inSync\":false");
		assertThat(get("/api/v1/pipelines/click-counts")).contains("\"number\":3").contains("\"inSync\":true");

		processingRuns(file, "campaign-views");
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(get("/actuator/health/pipelines")).contains("\"status\":\"UP\""));
	}

}
