package io.tributary.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * RabbitMQ and Redis for integration tests, found the way the engineering notes prescribe: the
 * servers running on this machine when they answer (RabbitMQ on 5672, Redis on 6379), else
 * Testcontainers when a Docker engine is present, else a failure that says what is missing.
 * <p>
 * Each test run is isolated: a RabbitMQ virtual host of its own on the local broker (deleted when
 * the JVM exits), and a Redis key namespace of its own per test ({@link #newNamespace}), deleted
 * with {@link #deleteRedisNamespace}.
 */
public final class TestInfrastructure {

	private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

	private static @Nullable Rabbit rabbit;

	private static @Nullable Redis redis;

	private TestInfrastructure() {
	}

	/** RabbitMQ connection settings. */
	public record Rabbit(String host, int port, String username, String password, String virtualHost) {
	}

	/** Redis connection settings. */
	public record Redis(String host, int port) {

		public String uri() {
			return "redis://" + this.host + ":" + this.port;
		}

	}

	public static synchronized Rabbit rabbit() {
		if (rabbit == null) {
			rabbit = startRabbit();
		}
		return rabbit;
	}

	public static synchronized Redis redis() {
		if (redis == null) {
			redis = startRedis();
		}
		return redis;
	}

	/** A fresh namespace for destinations and Redis keys, e.g. {@code it-3f2a9c1b}. */
	public static String newNamespace(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Spring properties that point a service at the test RabbitMQ and Redis, for
	 * {@code @DynamicPropertySource} or as {@code --name=value} process arguments.
	 */
	public static Map<String, String> springProperties() {
		Rabbit r = rabbit();
		Redis d = redis();
		Map<String, String> props = new LinkedHashMap<>();
		props.put("spring.rabbitmq.host", r.host());
		props.put("spring.rabbitmq.port", String.valueOf(r.port()));
		props.put("spring.rabbitmq.username", r.username());
		props.put("spring.rabbitmq.password", r.password());
		props.put("spring.rabbitmq.virtual-host", r.virtualHost());
		props.put("spring.data.redis.host", d.host());
		props.put("spring.data.redis.port", String.valueOf(d.port()));
		return props;
	}

	/** Deletes every Redis key of the namespace ({@code ns:*}). */
	public static void deleteRedisNamespace(String namespace) {
		RedisClient client = RedisClient.create(redis().uri());
		try (StatefulRedisConnection<String, String> c = client.connect()) {
			RedisCommands<String, String> cmd = c.sync();
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = cmd.scan(cursor, ScanArgs.Builder.matches(namespace + ":*").limit(1000));
				if (!page.getKeys().isEmpty()) {
					cmd.unlink(page.getKeys().toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		finally {
			client.shutdown();
		}
	}

	// --- RabbitMQ -------------------------------------------------------------------------------------

	private static Rabbit startRabbit() {
		if (answers("127.0.0.1", 5672)) {
			String vhost = newNamespace("tributary-test");
			rabbitmqctl("add_vhost", vhost);
			rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> rabbitmqctl("delete_vhost", vhost)));
			log.info("Using the local RabbitMQ on 127.0.0.1:5672, virtual host {}", vhost);
			return new Rabbit("127.0.0.1", 5672, "guest", "guest", vhost);
		}
		requireDocker("RabbitMQ", "127.0.0.1:5672");
		RabbitMQContainer container = new RabbitMQContainer(DockerImageName.parse("rabbitmq:3.13-management"));
		container.start();
		log.info("Using a RabbitMQ container on {}:{}", container.getHost(), container.getAmqpPort());
		return new Rabbit(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
				container.getAdminPassword(), "/");
	}

	private static void rabbitmqctl(String... args) {
		List<String> command = new java.util.ArrayList<>();
		command.add("rabbitmqctl");
		command.add("-q");
		command.addAll(List.of(args));
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
				throw new IllegalStateException(
						"rabbitmqctl " + String.join(" ", args) + " failed (needs rabbitmqctl on PATH as a user "
								+ "allowed to administer the local broker): " + out);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("RabbitMQ answers on 127.0.0.1:5672 but rabbitmqctl cannot be run to "
					+ "create an isolated virtual host: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// --- Redis ----------------------------------------------------------------------------------------

	private static Redis startRedis() {
		if (answers("127.0.0.1", 6379)) {
			log.info("Using the local Redis on 127.0.0.1:6379");
			return new Redis("127.0.0.1", 6379);
		}
		requireDocker("Redis", "127.0.0.1:6379");
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
			.withExposedPorts(6379);
		container.start();
		return new Redis(container.getHost(), container.getMappedPort(6379));
	}

	// --- helpers --------------------------------------------------------------------------------------

	private static void requireDocker(String what, String address) {
		boolean docker;
		try {
			docker = DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			docker = false;
		}
		if (!docker) {
			throw new IllegalStateException("Integration tests need " + what + ": none answers on " + address
					+ " and no Docker engine is available for Testcontainers. Start a local " + what
					+ " (see docs/operations.md) or a Docker engine.");
		}
	}

	public static boolean answers(String host, int port) {
		try (Socket s = new Socket()) {
			s.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
