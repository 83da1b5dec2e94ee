package io.tributary.testsupport.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A RabbitMQ node of the test's own, beside the machine's broker: its own node name, distribution port,
 * database and configuration under a directory, one listener on 127.0.0.1 that speaks only TLS with a
 * certificate of {@link TestCertificates}, client certificates demanded and verified
 * ({@code ssl_options.verify = verify_peer}, {@code fail_if_no_peer_cert = true}), no plugins. The
 * default user {@code guest}/{@code guest} may connect from this machine. {@link #close} stops it.
 * Started as {@link RabbitNodeProcess} says.
 */
public final class TlsRabbitNode implements AutoCloseable {

	private final ServerProcess process;

	private final int port;

	private TlsRabbitNode(ServerProcess process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Starts the node in {@code dir} (its log: {@code rabbitmq.log}); waits until it accepts connections. */
	public static TlsRabbitNode start(TestCertificates certificates, Path dir) {
		int port = ServerProcess.freePort();
		String config = """
				listeners.tcp = none
				listeners.ssl.default = 127.0.0.1:%d
				ssl_options.cacertfile = %s
				ssl_options.certfile = %s
				ssl_options.keyfile = %s
				ssl_options.verify = verify_peer
				ssl_options.fail_if_no_peer_cert = true
				""".formatted(port, certificates.ca(), certificates.serverCertificate(), certificates.serverKey());
		Map<String, String> environment = RabbitNodeProcess.prepare(dir, "tls", ServerProcess.freePort(), config);
		ServerProcess process = RabbitNodeProcess.start(dir, environment, port, Duration.ofSeconds(90),
				"a RabbitMQ node with a TLS listener");
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
