package io.tributary.testsupport.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;

/**
 * A redis-server of the test's own that listens only for TLS ({@code --port 0 --tls-port <free>}) on
 * 127.0.0.1 with a certificate of {@link TestCertificates}, and demands a client certificate signed by
 * the same authority ({@code --tls-auth-clients yes}). Nothing is persisted; {@link #close} stops it.
 */
public final class TlsRedisServer implements AutoCloseable {

	private final ServerProcess process;

	private final int port;

	private TlsRedisServer(ServerProcess process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Starts the server in {@code dir} (its log: {@code redis.log}). */
	public static TlsRedisServer start(TestCertificates certificates, Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		int port = ServerProcess.freePort();
		List<String> command = List.of("redis-server", "--bind", "127.0.0.1", "--port", "0", "--tls-port",
				String.valueOf(port), "--tls-cert-file", certificates.serverCertificate().toString(), "--tls-key-file",
				certificates.serverKey().toString(), "--tls-ca-cert-file", certificates.ca().toString(),
				"--tls-auth-clients", "yes", "--save", "", "--appendonly", "no", "--dir", dir.toString());
		ServerProcess process = ServerProcess.start(command, Map.of(), dir.resolve("redis.log"), port,
				Duration.ofSeconds(20), "redis-server with TLS");
		return new TlsRedisServer(process, port);
	}

	public int port() {
		return this.port;
	}

	/**
	 * A Lettuce client for this server ({@code rediss://localhost:<port>}, host name verified) that trusts
	 * the authority of {@code trust} and presents its client certificate. It is the caller's to shut down.
	 */
	public RedisClient client(TestCertificates trust) {
		SslOptions ssl = SslOptions.builder()
			.jdkSslProvider()
			.trustManager(trust.ca().toFile())
			.keyManager(trust.clientCertificate().toFile(), trust.clientKey().toFile(), null)
			.build();
		RedisURI uri = RedisURI.builder().withHost("localhost").withPort(this.port).withSsl(true)
			.withTimeout(Duration.ofSeconds(5)).build();
		RedisClient client = RedisClient.create(uri);
		client.setOptions(ClientOptions.builder().sslOptions(ssl).build());
		return client;
	}

	@Override
	public void close() {
		this.process.close();
	}

}
