package io.tributary.testsupport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a RabbitMQ node of a test's own is laid out and started, whatever its listeners: its node name,
 * ports, database, logs, configuration and (no) plugins under a directory, its log in
 * {@code rabbitmq.log} there.
 * <p>
 * Runs the server script directly ({@code /usr/lib/rabbitmq/bin/rabbitmq-server} where the Debian
 * package puts it, else {@code rabbitmq-server} on the PATH), since the Debian wrapper in /usr/sbin
 * switches to the rabbitmq user, who cannot write the test's directory.
 */
final class RabbitNodeProcess {

	private static final Path DEBIAN_SCRIPT = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

	private RabbitNodeProcess() {
	}

	/**
	 * Writes the node's configuration ({@code rabbitmq.conf}), no plugins and its home in {@code dir};
	 * returns its environment: node name {@code <namePrefix>-<random>@localhost}, AMQP port
	 * {@code nodePort}, a free distribution port, everything else under {@code dir}.
	 */
	static Map<String, String> prepare(Path dir, String namePrefix, int nodePort, String config) {
		Map<String, String> environment = new LinkedHashMap<>();
		try {
			Files.createDirectories(dir.resolve("home"));
			Path configFile = Files.writeString(dir.resolve("rabbitmq.conf"), config);
			Path plugins = Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
			environment.put("HOME", dir.resolve("home").toString());
			environment.put("RABBITMQ_NODENAME", namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost");
			environment.put("RABBITMQ_NODE_PORT", String.valueOf(nodePort));
			environment.put("RABBITMQ_DIST_PORT", String.valueOf(ServerProcess.freePort()));
			environment.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
			environment.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
			environment.put("RABBITMQ_LOGS", "-");
			environment.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
			environment.put("RABBITMQ_CONFIG_FILE", configFile.toString());
			environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return environment;
	}

	/** Starts the node prepared in {@code dir}; waits (up to {@code timeout}) until {@code port} accepts connections. */
	static ServerProcess start(Path dir, Map<String, String> environment, int port, Duration timeout, String what) {
		String script = Files.isExecutable(DEBIAN_SCRIPT) ? DEBIAN_SCRIPT.toString() : "rabbitmq-server";
		return ServerProcess.start(List.of(script), environment, dir.resolve("rabbitmq.log"), port, timeout, what);
	}

}
