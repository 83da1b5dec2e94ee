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
 * A RabbitMQ node of the test's own, beside the machine's broker: its own node name, distribution port,
 * database and configuration under a directory, one listener on 127.0.0.1 that speaks only TLS with a
 * certificate of {@link TestCertificates}, client certificates demanded and verified
 * ({@code ssl_options.verify = verify_peer}, {@code fail_if_no_peer_cert = true}), no plugins. The
 * default user {@code guest}/{@code guest} may connect from this machine. {@link #close} stops it.
 * <p>
 * Runs the server script directly ({@code /usr/lib/rabbitmq/bin/rabbitmq-server} where the Debian
 * package puts it, else {@code rabbitmq-server} on the PATH), since the Debian wrapper in /usr/sbin
 * switches to the rabbitmq user, who cannot write the test's directory.
 */
public final class TlsRabbitNode implements AutoCloseable {

	private static final Path DEBIAN_SCRIPT = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

	private final ServerProcess process;

	private final int port;

	private TlsRabbitNode(ServerProcess process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Starts the node in {@code dir} (its log: {@code rabbitmq.log}); waits until it accepts connections. */
	public static TlsRabbitNode start(TestCertificates certificates, Path dir) {
		int port = ServerProcess.freePort();
		Map<String, String> environment = new LinkedHashMap<>();
		try {
			Files.createDirectories(dir.resolve("home"));
			Path config = Files.writeString(dir.resolve("rabbitmq.conf"), """
					listeners.tcp = none
					listeners.ssl.default = 127.0.0.1:%d
					ssl_options.cacertfile = %s
					ssl_options.certfile = %s
					ssl_options.keyfile = %s
					ssl_options.verify = verify_peer
					ssl_options.fail_if_no_peer_cert = true
					""".formatted(port, certificates.ca(), certificates.serverCertificate(), certificates.serverKey()));
			Path plugins = Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
			environment.put("HOME", dir.resolve("home").toString());
			environment.put("RABBITMQ_NODENAME", "tls-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost");
			environment.put("RABBITMQ_NODE_PORT", String.valueOf(ServerProcess.freePort()));
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
		String script = Files.isExecutable(DEBIAN_SCRIPT) ? DEBIAN_SCRIPT.toString() : "rabbitmq-server";
		ServerProcess process = ServerProcess.start(List.of(script), environment, dir.resolve("rabbitmq.log"), port,
				Duration.ofSeconds(90), "a RabbitMQ node with a TLS listener");
		return new TlsRabbitNode(process, port);
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.process.close();
	}

}
