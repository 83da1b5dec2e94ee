package io.tributary.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contract.Counts;
import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Destinations;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch that arrives while Redis is down is handed back to the broker again and again, and
 * stored once Redis is back: not acknowledged, not dead-lettered, not lost. A failure that is retried
 * is no error: the log says so in WARN lines, with no ERROR and no stack trace. Runs against a Redis
 * of its own (a child redis-server on a free port), never the shared one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageIT {

	private static final String NS = TestInfrastructure.newNamespace("storage-outage-it");

	private static final int PORT = freePort();

	private static Path dir;

	private static Process redisServer;

	@Autowired
	private ConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestInfrastructure.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> PORT);
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", () -> "src/test/resources/pipelines/storage-test.yaml");
		registry.add("tributary.storage.failure-backoff", () -> "100ms");
		registry.add("tributary.storage.max-failure-backoff", () -> "500ms");
	}

	@BeforeAll
	static void startOwnRedis() throws IOException {
		dir = Files.createTempDirectory("storage-outage-redis");
		startRedis();
	}

	@AfterAll
	static void stopOwnRedis() throws IOException {
		stopRedis();
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

	@Test
	void aBatchThatArrivesWhileRedisIsDownIsStoredWhenRedisIsBack(CapturedOutput output) throws IOException {
		Instant start = Instant.now().minusSeconds(30);
		WindowResult before = result("before", start);
		publish(new ResultBatch(List.of(before), List.of(), List.of()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> redis((r) -> r.hexists(NS + ":results:{views:before}", millis(start))));

		stopRedis();
		double failuresBefore = failedBatches();
		WindowResult during = result("during", start);
		LateEventRecord late = new LateEventRecord("views", "during", start, start.plusSeconds(10), "late-1",
				start.plusSeconds(1), start.plusSeconds(60), Map.of());
		DeadLetterRecord dead = new DeadLetterRecord("clicks", "views", "dead-1", start, Instant.now(), "bad key",
				Map.of());
		publish(new ResultBatch(List.of(during), List.of(late), List.of(dead)));

		// the batch fails, goes back to the queue and comes round again, without reaching the DLQ
		await().atMost(Duration.ofSeconds(30)).until(() -> failedBatches() >= failuresBefore + 3);
		assertThat(rabbit().receive(NS + ".results.storage.dlq")).isNull();

		startRedis();

		await().atMost(Duration.ofSeconds(60))
			.until(() -> redis((r) -> r.hexists(NS + ":results:{views:during}", millis(start))));
		redis((r) -> {
			assertThat(r.hget(NS + ":results:{views:during}", millis(start))).isEqualTo(WireFormat.writeString(during));
			assertThat(r.hget(NS + ":results:{views:during}:late", millis(start))).isEqualTo("1");
			assertThat(r.hget(NS + ":late:{views}", "late-1|" + millis(start))).isEqualTo(WireFormat.writeString(late));
			assertThat(r.hget(NS + ":dead:{clicks}", "views|dead-1")).isEqualTo(WireFormat.writeString(dead));
			return null;
		});
		assertThat(rabbit().receive(NS + ".results.storage.dlq")).isNull();
		String log = output.getOut() + output.getErr();
		assertThat(log.lines().filter((line) -> line.contains(" ERROR ") || line.startsWith("\tat ")
				|| line.startsWith("Caused by:")))
			.as("ERROR lines and stack traces while Redis was down")
			.isEmpty();
		// storage hands the batch back itself (manual acknowledgements), so the binder sees no failure
		assertThat(log).as("the retried batch's failures, in WARN lines")
			.contains("Could not store or publish a batch of 1 messages, handing it back to the broker");
	}

	private double failedBatches() {
		return this.registry.get("tributary.storage.failed.batches").counter().count();
	}

	private RabbitTemplate rabbit() {
		return new RabbitTemplate(this.connectionFactory);
	}

	private void publish(ResultBatch batch) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(WireFormat.CONTENT_TYPE);
		rabbit().send(Destinations.name(NS, Destinations.RESULTS), "results",
				new Message(WireFormat.write(batch), properties));
	}

	private static <T> T redis(Function<RedisCommands<String, String>, T> read) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + PORT);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return read.apply(connection.sync());
		}
		finally {
			client.shutdown();
		}
	}

	private static WindowResult result(String key, Instant start) {
		return new WindowResult("views", key, start, start.plusSeconds(10), true, 1, Map.of("views", 2L),
				new Counts(2, 0, 0));
	}

	private static String millis(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	private static void startRedis() throws IOException {
		redisServer = new ProcessBuilder("redis-server", "--port", Integer.toString(PORT), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
			.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> TestInfrastructure.answers("127.0.0.1", PORT));
	}

	private static void stopRedis() {
		if (redisServer == null || !redisServer.isAlive()) {
			return;
		}
		redisServer.destroy();
		try {
			if (!redisServer.waitFor(10, TimeUnit.SECONDS)) {
				redisServer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
