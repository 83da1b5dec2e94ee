package io.tributary.ingestion;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.tributary.contract.AcceptLagReport;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission control on the real broker and Redis: nothing consumes processing's queue here, so every
 * accepted batch stays in it. Below {@code max-backlog} batches get 202; once the sampler sees more,
 * 503 with {@code Retry-After} and a problem saying the pipeline is behind; after the queue is
 * emptied, 202 again. The same by time: an accept-lag report over {@code max-delay}, written to
 * Redis as a processing instance writes it, refuses batches (reason {@code lag}) while it is fresh,
 * and a stale one is ignored. The health component stays UP throughout and readiness is untouched.
 */
class BackpressureIT extends IngestionTestBed {

	private static final String NS = TestInfrastructure.newNamespace("ingest-backpressure");

	private static final String PROCESSING = NS + ".events.processing";

	private static final String EVENT = "{\"views\": 1}";

	private static final RedisKeys KEYS = new RedisKeys(NS);

	@Autowired
	StringRedisTemplate redis;

	BackpressureIT() {
		super(NS);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		registry.add("tributary.ingestion.backpressure.max-backlog", () -> "2");
		registry.add("tributary.ingestion.backpressure.sample-interval", () -> "100ms");
		registry.add("tributary.ingestion.backpressure.retry-after", () -> "3s");
		registry.add("management.endpoint.health.show-details", () -> "always");
	}

	@BeforeAll
	void startEmpty() {
		this.admin.purgeQueue(PROCESSING, false);
	}

	@AfterAll
	void deleteProcessingQueue() {
		this.admin.deleteQueue(PROCESSING);
	}

	@Test
	void refusesBatchesWhileTheBacklogIsOverTheLimitAndAcceptsThemAgainOnceItDrained() {
		for (int batch = 1; batch <= 3; batch++) {
			// before this batch at most two wait: within the limit whatever the sampler saw
			assertThat(post().statusCode()).as("batch %d, below the limit", batch).isEqualTo(202);
		}

		AtomicReference<HttpResponse<String>> refused = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			HttpResponse<String> response = post();
			refused.set(response);
			return response.statusCode() != 202;
		});
		HttpResponse<String> response = refused.get();
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = WireFormat.mapper().readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://tributary.io/problems/backlog");
		assertThat(problem.get("reason").asString()).isEqualTo("backlog");
		assertThat(problem.get("maxBacklog").asLong()).isEqualTo(2);
		long waiting = this.admin.getQueueInfo(PROCESSING).getMessageCount();
		assertThat(problem.get("backlog").asLong()).isGreaterThan(2).isLessThanOrEqualTo(waiting);
		assertThat(problem.get("detail").asString()).contains("the pipeline is behind").contains("nothing was accepted");
		assertThat(this.admin.getQueueInfo(PROCESSING).getMessageCount()).as("the refused batch was not published")
			.isEqualTo(waiting);

		HttpResponse<String> metrics = this.http.get("/actuator/prometheus");
		assertThat(metrics.body()).containsPattern("tributary_ingestion_refused_total\\{[^}]*reason=\"backlog\"[^}]*} [1-9]");

		JsonNode health = WireFormat.mapper().readTree(this.http.get("/actuator/health/backpressure").body());
		assertThat(health.get("status").asString()).as("refusing for backlog is healthy").isEqualTo("UP");
		assertThat(health.at("/details/refusing").asBoolean()).isTrue();
		assertThat(health.at("/details/watched").asString()).contains(PROCESSING, NS + ".keyed.window-7");
		assertThat(this.http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

		this.admin.purgeQueue(PROCESSING, false);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
			.until(() -> post().statusCode() == 202);
	}

	@Test
	void refusesBatchesWhileAProcessingInstanceReportsAnAcceptLagOverTheMaxDelayAndIgnoresAStaleReport() {
		this.admin.purgeQueue(PROCESSING, false);
		try {
			// posting only once the sampler has seen the reports: batches accepted before would count as backlog
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
				report("processing-a", 1_500, Instant.now());
				report("processing-b", 200, Instant.now());
				return "lag".equals(WireFormat.mapper()
					.readTree(this.http.get("/actuator/health/backpressure").body())
					.at("/details/reason")
					.asString());
			});
			HttpResponse<String> response = post();
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
			JsonNode problem = WireFormat.mapper().readTree(response.body());
			assertThat(problem.get("type").asString()).isEqualTo("https://tributary.io/problems/backlog");
			assertThat(problem.get("reason").asString()).as(response.body()).isEqualTo("lag");
			assertThat(problem.get("acceptLagMillis").asLong()).as("the largest fresh report").isEqualTo(1_500);
			assertThat(problem.get("maxDelayMillis").asLong()).as("the default max-delay").isEqualTo(1_000);
			assertThat(problem.get("detail").asString()).contains("the pipeline is behind").contains("nothing was accepted");

			assertThat(this.http.get("/actuator/prometheus").body())
				.containsPattern("tributary_ingestion_refused_total\\{[^}]*reason=\"lag\"[^}]*} [1-9]")
				.containsPattern("tributary_ingestion_accept_lag_seconds(\\{[^}]*})? 1\\.5");
			JsonNode health = WireFormat.mapper().readTree(this.http.get("/actuator/health/backpressure").body());
			assertThat(health.get("status").asString()).isEqualTo("UP");
			assertThat(health.at("/details/reason").asString()).isEqualTo("lag");
			assertThat(health.at("/details/acceptLagMillis").asLong()).isEqualTo(1_500);
			assertThat(health.at("/details/maxDelayMillis").asLong()).isEqualTo(1_000);

			// the instance stopped: its last report, 4 s old, no longer counts
			report("processing-a", 1_500, Instant.now().minusSeconds(4));
			report("processing-b", 200, Instant.now().minusSeconds(4));
			this.admin.purgeQueue(PROCESSING, false);
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
				.until(() -> post().statusCode() == 202);
		}
		finally {
			this.redis.delete(KEYS.acceptLag());
			this.admin.purgeQueue(PROCESSING, false);
		}
	}

	/** Writes a processing instance's report as {@code AcceptLagReporter} does. */
	private void report(String instance, long lagMillis, Instant writtenAt) {
		this.redis.opsForHash().put(KEYS.acceptLag(), instance, new AcceptLagReport(lagMillis, writtenAt).encode());
	}

	private HttpResponse<String> post() {
		return this.http.post("/api/v1/streams/clicks/events", "application/json", EVENT);
	}

}
