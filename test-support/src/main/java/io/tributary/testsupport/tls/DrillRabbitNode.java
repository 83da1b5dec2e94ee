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

import org.jspecify.annotations.Nullable;

/**
 * A plain RabbitMQ node of the test's own, beside the machine's broker, for fault drills: its own node
 * name, ports and database under a directory, one listener on 127.0.0.1, no plugins; user
 * {@code guest}/{@code guest}, vhost {@code /}. It can be stopped and started again with the same
 * database (durable queues and persistent messages survive). Never the shared broker. Started as
 * {@link TlsRabbitNode} is (the server script directly).
 */
public final class DrillRabbitNode implements AutoCloseable {

	private static final Path DEBIAN_SCRIPT = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

	private final Path dir;

	private final int port;

	private final Map<String, String> environment;

	private @Nullable ServerProcess process;

	private DrillRabbitNode(Path dir, int port, Map<String, String> environment) {
		this.dir = dir;
		this.port = port;
		this.environment = environment;
	}

	/** Starts the node in {@code dir} (its log: {@code rabbitmq.log}); waits until it accepts connections. */
	public static DrillRabbitNode start(Path dir) {
		int port = ServerProcess.freePort();
		Map<String, String> environment = new LinkedHashMap<>();
		try {
			Files.createDirectories(dir.resolve("home"));
			Path config = Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.default = 127.0.0.1:%d\n".formatted(port));
			Path plugins = Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
			environment.put("HOME", dir.resolve("home").toString());
			environment.put("RABBITMQ_NODENAME", "drill-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost");
			environment.put("RABBITMQ_NODE_PORT", String.valueOf(port));
			environment.put("RABBITMQ_DIST_PORT", String.valueOf(ServerProcess.freePort()));
			environment.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
			environment.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
			environment.put("RABBITMQ_LOGS", "-");
			environment.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
			environment.put("RABBITMQ_CONFIG_FILE", config.toString());
			environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		DrillRabbitNode node = new DrillRabbitNode(dir, port, environment);
		node.startProcess();
		return node;
	}

	private void startProcess() {
		String script = Files.isExecutable(DEBIAN_SCRIPT) ? DEBIAN_SCRIPT.toString() : "rabbitmq-server";
		this.process = ServerProcess.start(List.of(script), this.environment, this.dir.resolve("rabbitmq.log"), this.port,
				Duration.ofSeconds(120), "a RabbitMQ node for a drill");
	}

	public int port() {
		return this.port;
	}

	/** Stops the node (politely: durable queues and persistent messages are kept). */
	public void stop() {
		if (this.process != null) {
			this.process.close();
			this.process = null;
		}
	}

	/** Starts the node again with the same name, port and database. */
	public void restart() {
		stop();
		startProcess();
	}

	@Override
	public void close() {
		stop();
	}

}
