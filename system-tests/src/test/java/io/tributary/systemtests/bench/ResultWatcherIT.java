package io.tributary.systemtests.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.contract.Counts;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's result timing, against the real Redis change channel of a namespace of its own. */
class ResultWatcherIT {

	private final String namespace = TestInfrastructure.newNamespace("st-watch");

	@Test
	void recordsWhenEachWindowsFirstFinalResultWasPublished() throws Exception {
		TestInfrastructure.Redis redis = TestInfrastructure.redis();
		Instant start = Instant.parse("2025-03-01T12:00:00Z");
		try (ResultWatcher watcher = new ResultWatcher(redis.host(), redis.port(), this.namespace, "p",
				(key) -> key.startsWith("mine-"));
				RedisClient client = RedisClient.create(redis.uri());
				StatefulRedisConnection<String, String> c = client.connect()) {
			String channel = new RedisKeys(this.namespace).changes("p");
			c.sync().publish(channel, result("mine-1", start, false, 1));
			c.sync().publish(channel, result("mine-1", start, true, 2));
			c.sync().publish(channel, result("other", start, true, 1));
			c.sync().publish(channel, "not json");
			awaitMessages(watcher, 4);
			WindowId window = new WindowId("mine-1", start.toEpochMilli());
			Long firstFinal = watcher.firstFinal().get(window);
			Thread.sleep(50);
			c.sync().publish(channel, result("mine-1", start, true, 3));
			awaitMessages(watcher, 5);

			assertThat(firstFinal).isNotNull();
			assertThat(watcher.firstFinal()).containsOnlyKeys(window);
			// the first final result counts, not a later revision
			assertThat(watcher.firstFinal().get(window)).isEqualTo(firstFinal);
			assertThat(watcher.sawAnyResultOf("mine-1")).isTrue();
			assertThat(watcher.sawAnyResultOf("other")).isFalse();
			assertThat(watcher.malformedSamples()).containsExactly("not json");
		}
	}

	private static void awaitMessages(ResultWatcher watcher, int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (watcher.messages() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(watcher.messages()).isEqualTo(count);
	}

	private static String result(String key, Instant start, boolean isFinal, long revision) {
		return WireFormat.writeString(new WindowResult("p", key, start, start.plusSeconds(10), isFinal, revision,
				Map.of("views", 3), new Counts(3, 0, 0)));
	}

}
