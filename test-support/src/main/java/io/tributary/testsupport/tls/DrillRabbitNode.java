package io.tributary.testsupport.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A plain RabbitMQ node of the test's own, beside the machine's broker, for fault drills: its own node
 * name, ports and database under a directory, one listener on 127.0.0.1, no plugins; user
 * {@code guest}/{@code guest}, vhost {@code /}. It can be stopped and started again with the same
 * database (durable queues and persistent messages survive). Never the shared broker. Started as
 * {@link RabbitNodeProcess} says.
 */
public final class DrillRabbitNode implements AutoCloseable {

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
		Map<String, String> environment = RabbitNodeProcess.prepare(dir, "drill", port,
				"listeners.tcp.default = 127.0.0.1:%d\n".formatted(port));
		DrillRabbitNode node = new DrillRabbitNode(dir, port, environment);
		node.startProcess();
		return node;
	}

	private void startProcess() {
		this.process = RabbitNodeProcess.start(this.dir, this.environment, this.port, Duration.ofSeconds(120),
				"a RabbitMQ node for a drill");
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
