package io.tributary.ingestion;

import java.net.http.HttpResponse;

import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits counted in the real Redis: a key with a limit of 3 requests per 3 s (one back every
 * second) gets 3 requests through, the 4th is a 429 problem with {@code Retry-After: 1}, and a second
 * later it passes again; another key has its own bucket; a stream's limit holds for every key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitIT {

	private static final String NS = TestInfrastructure.newNamespace("ingest-rate");

	private static final TestKey LIMITED = TestKey.create("limited", "ingest");

	private static final TestKey NEIGHBOUR = TestKey.create("neighbour", "ingest");

	private static final TestKey DRAINED = TestKey.create("drained", "ingest");

	private static final TestKey OTHER = TestKey.create("other-publisher", "ingest");

	private static final String EVENTS = "/api/v1/streams/clicks/events";

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		TestKey[] keys = { LIMITED, NEIGHBOUR, DRAINED, OTHER };
		for (int i = 0; i < keys.length; i++) {
			TestKey key = keys[i];
			String prefix = "tributary.security.keys[" + (i + 1) + "].";
			registry.add(prefix + "name", key::name);
			registry.add(prefix + "digest", key::digest);
			registry.add(prefix + "scopes", () -> String.join(",", key.scopes()));
			registry.add("tributary.rate-limits.keys." + key.name() + ".requests", () -> "3");
			registry.add("tributary.rate-limits.keys." + key.name() + ".period", () -> "3s");
			registry.add("tributary.rate-limits.keys." + key.name() + ".burst", () -> "3");
		}
		registry.add("tributary.rate-limits.streams.orders.requests", () -> "2");
		registry.add("tributary.rate-limits.streams.orders.period", () -> "1h");
		registry.add("tributary.rate-limits.streams.orders.burst", () -> "2");
	}

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	@Test
	void aKeyOverItsLimitGets429WithRetryAfterAndPassesAgainAfterIt() throws Exception {
		Http limited = new Http(this.port, LIMITED);
		for (int i = 1; i <= 3; i++) {
			HttpResponse<String> ok = limited.post(EVENTS, "application/json", "{\"x\": " + i + "}");
			assertThat(ok.statusCode()).as("request %d", i).isEqualTo(202);
			assertThat(ok.headers().firstValue("RateLimit-Limit")).hasValue("3");
			assertThat(ok.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(3 - i));
			assertThat(ok.headers().firstValue("Retry-After")).isEmpty();
		}
		HttpResponse<String> refused = limited.post(EVENTS, "application/json", "{\"x\": 4}");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refused.body()).contains("\"status\":429").contains("rate-limited");
		// one request comes back every second: less than a second to wait, rounded up
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue("3");
		assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
		// the bucket is full again in (2 s, 3 s]
		assertThat(refused.headers().firstValue("RateLimit-Reset")).hasValue("3");

		Thread.sleep(1_050);
		assertThat(limited.post(EVENTS, "application/json", "{\"x\": 5}").statusCode()).isEqualTo(202);
		assertThat(limited.post(EVENTS, "application/json", "{\"x\": 6}").statusCode()).isEqualTo(429);
	}

	@Test
	void twoKeysHaveTheirOwnBuckets() {
		Http neighbour = new Http(this.port, NEIGHBOUR);
		Http drained = new Http(this.port, DRAINED);
		while (drained.post(EVENTS, "application/json", "{\"x\": 0}").statusCode() == 202) {
			// empty the drained key's bucket
		}
		HttpResponse<String> own = neighbour.post(EVENTS, "application/json", "{\"x\": 1}");
		assertThat(own.statusCode()).isEqualTo(202);
		assertThat(own.headers().firstValue("RateLimit-Remaining")).hasValue("2");
	}

	@Test
	void aStreamsLimitHoldsForEveryKey() {
		Http admin = new Http(this.port);
		String orders = "/api/v1/streams/orders/events";
		assertThat(admin.post(orders, "application/json", order(1)).statusCode()).isEqualTo(202);
		assertThat(admin.post(orders, "application/json", order(2)).statusCode()).isEqualTo(202);
		HttpResponse<String> refused = admin.post(orders, "application/json", order(3));
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue("2");
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1700L, 1800L));
		assertThat(new Http(this.port, OTHER).post(orders, "application/json", order(4)).statusCode())
			.isEqualTo(429);
		// the admin key's own bucket is not the stream's: another stream still takes its events
		assertThat(admin.post(EVENTS, "application/json", "{\"x\": 4}").statusCode()).isEqualTo(202);
	}

	private static String order(int id) {
		return "{\"order_id\": \"o-" + id + "\", \"amount\": 1, \"occurred_at\": 1700000000000}";
	}

}
