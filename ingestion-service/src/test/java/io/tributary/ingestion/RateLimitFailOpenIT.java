package io.tributary.ingestion;

import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Pattern;

import io.tributary.testsupport.OwnRedisServer;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rate limiter's fail-open path, against a Redis of the test's own (stopped and stalled here, never
 * the shared one): while Redis does not answer, requests pass, none waits long, and one WARN says so (not
 * one per request, no ERROR); once Redis answers again, limiting resumes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RateLimitFailOpenIT {

	private static final String NS = TestInfrastructure.newNamespace("ingest-failopen");

	/** Two requests an hour: the third is refused while the limiter works. */
	private static final TestKey LIMITED = TestKey.create("fail-open-publisher", "ingest");

	private static final String EVENTS = "/api/v1/streams/clicks/events";

	private static final String WARNING = "Rate limits are not applied: Redis did not answer";

	/** A bucket operation waits at most 500 ms; a request, its HTTP round trip included, well under this. */
	private static final Duration QUICK = Duration.ofMillis(1500);

	private static final OwnRedisServer redis = startRedis();

	@LocalServerPort
	private int port;

	private static OwnRedisServer startRedis() {
		try {
			return OwnRedisServer.start(Files.createTempDirectory("rate-limit-redis"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IngestionTestBed.properties(registry, NS);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
		TestKey.properties(Http.KEY, LIMITED).forEach((name, value) -> registry.add(name, () -> value));
		registry.add("tributary.rate-limits.keys." + LIMITED.name() + ".requests", () -> "2");
		registry.add("tributary.rate-limits.keys." + LIMITED.name() + ".period", () -> "1h");
		registry.add("tributary.rate-limits.keys." + LIMITED.name() + ".burst", () -> "2");
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void requestsPassWhileRedisIsDownOrStalledWithOneWarningAndLimitingResumesAfter(CapturedOutput output)
			throws Exception {
		Http client = new Http(this.port, LIMITED);
		assertThat(post(client)).isEqualTo(202);
		assertThat(post(client)).isEqualTo(202);
		assertThat(post(client)).as("the limiter works while Redis answers").isEqualTo(429);

		redis.stop();
		for (int i = 0; i < 6; i++) {
			long start = System.nanoTime();
			assertThat(post(client)).as("request %d while Redis is down", i).isEqualTo(202);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
		}
		assertThat(occurrences(output.getOut(), WARNING)).as("one WARN for the outage, not one per request")
			.isEqualTo(1);

		// Redis comes back empty (nothing persisted): the key's bucket is full again, then empties
		redis.startAgain();
		awaitRefused(client);

		// a stall: connections stay open, commands wait
		redis.stall(Duration.ofSeconds(4));
		Thread.sleep(300);
		for (int i = 0; i < 4; i++) {
			long start = System.nanoTime();
			assertThat(post(client)).as("request %d while Redis is stalled", i).isEqualTo(202);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
		}
		awaitRefused(client);

		String all = output.getAll();
		assertThat(occurrences(all, WARNING)).as("at most one WARN a minute").isEqualTo(1);
		assertThat(Pattern.compile("(?m)^\\S+\\s+ERROR\\s").matcher(all).find()).as("no ERROR line").isFalse();
	}

	/** Limiting is back: within a while, the key's bucket (2 requests) runs out and a request is a 429. */
	private static void awaitRefused(Http client) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
			.until(() -> post(client) == 429);
	}

	private static int post(Http client) {
		return client.post(EVENTS, "application/json", "{\"x\": 1}").statusCode();
	}

	private static int occurrences(String text, String what) {
		int count = 0;
		for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
			count++;
		}
		return count;
	}


}
