package io.tributary.ingestion;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service pointed at a broker and a Redis that are not there (closed ports): it starts, says it
 * is not ready, and answers 503 with Retry-After at once instead of accepting anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BrokerDownIT {

	private static final String NS = TestInfrastructure.newNamespace("ingest-down");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		int closedRabbit = IngestionTestBed.closedPort();
		int closedRedis = IngestionTestBed.closedPort();
		registry.add("spring.rabbitmq.port", () -> closedRabbit);
		registry.add("spring.data.redis.port", () -> closedRedis);
		registry.add("tributary.ingestion.retry-after", () -> "3s");
	}

	@LocalServerPort
	private int port;

	private Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void answers503WithRetryAfterQuicklyWhenTheBrokerIsDown() {
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = this.http.post("/api/v1/streams/clicks/events", "application/json",
					"{\"x\": 1}");
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(WireFormat.mapper().readTree(response.body()).get("detail").asString())
				.startsWith("the events were not accepted because the broker did not confirm them (cannot publish");
			// Well under the 5 s confirm timeout: a refused connection is not waited for.
			assertThat(took).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	void stillRejectsBadRequestsWithoutTheBroker() {
		assertThat(this.http.post("/api/v1/streams/nope/events", "application/json", "{}").statusCode()).isEqualTo(404);
		assertThat(this.http.post("/api/v1/streams/orders/events", "application/json", "{}").statusCode())
			.isEqualTo(400);
	}

	@Test
	void answers503WhenRedisIsDownForLookupWrites() {
		HttpResponse<String> response = this.http.put("/api/v1/lookups/campaigns", "application/json",
				"{\"a\": \"b\"}");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(WireFormat.mapper().readTree(response.body()).get("title").asString()).isEqualTo("Store unavailable");
	}

	@Test
	void isNotReadyWithoutTheBrokerAndRedisButIsAlive() {
		assertThat(this.http.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		assertThat(this.http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

}
