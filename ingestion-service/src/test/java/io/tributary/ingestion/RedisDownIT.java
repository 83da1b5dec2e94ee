package io.tributary.ingestion;

import java.time.Instant;

import io.tributary.contract.EventBatch;
import io.tributary.contract.Headers;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real broker and a Redis that is not there (a closed port): the service stays ready and keeps
 * accepting events, since only lookup writes (503) and rate limits (fail open) need Redis; and it
 * publishes a progress marker per stream through the events' own path.
 */
class RedisDownIT extends IngestionTestBed {

	private static final String NS = TestInfrastructure.newNamespace("ingest-noredis");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		int closedRedis = IngestionTestBed.closedPort();
		registry.add("spring.data.redis.port", () -> closedRedis);
		registry.add("tributary.ingestion.progress-interval", () -> "200ms");
	}

	RedisDownIT() {
		super(NS);
	}

	@Test
	void staysReadyAndAcceptsEventsWhileOnlyLookupWritesFail() {
		assertThat(this.http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(this.http.post("/api/v1/streams/clicks/events", "application/json", "{\"x\": 1}").statusCode())
			.isEqualTo(202);
		assertThat(this.http.put("/api/v1/lookups/campaigns", "application/json", "{\"a\": \"b\"}").statusCode())
			.isEqualTo(503);
	}

	@Test
	void publishesAProgressMarkerPerStreamBehindTheEvents() {
		Instant before = Instant.now();
		boolean seen = false;
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (!seen && System.nanoTime() < deadline) {
			Message message = this.rabbit.receive(IngestionTestBed.tap(NS), 1000);
			if (message == null || !Headers.PROGRESS.equals(message.getMessageProperties().getHeader(Headers.MESSAGE_TYPE))) {
				continue;
			}
			EventBatch batch = WireFormat.read(message.getBody(), EventBatch.class);
			assertThat(batch.events()).isEmpty();
			StreamProgress marker = batch.progress().get(0);
			assertThat(message.getMessageProperties().getReceivedRoutingKey()).isEqualTo(marker.stream());
			if (marker.stream().equals("orders") && marker.until().isAfter(before)) {
				assertThat(marker.source()).startsWith("ingestion@");
				seen = true;
			}
		}
		assertThat(seen).as("a marker for orders, vouching for a time after the test started").isTrue();
	}

}
