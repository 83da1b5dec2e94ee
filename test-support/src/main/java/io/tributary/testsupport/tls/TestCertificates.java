package io.tributary.testsupport.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority of its own and two certificates it signed, generated with {@code openssl}
 * into a directory: one for servers on this machine (names {@code localhost} and {@code 127.0.0.1}) and
 * one for clients. Every file is PEM, keys unencrypted PKCS#8, as Spring Boot's PEM SSL bundles,
 * redis-server and RabbitMQ read them. Valid for one day.
 *
 * @param ca the authority's certificate: what a peer trusts
 */
public record TestCertificates(Path ca, Path serverCertificate, Path serverKey, Path clientCertificate,
		Path clientKey) {

	/** Generates a new authority and its certificates into {@code dir} (created if missing). */
	public static TestCertificates generate(Path dir) {
		try {
			Files.createDirectories(dir);
			Path caKey = dir.resolve("ca.key");
			Path ca = dir.resolve("ca.crt");
			openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
					caKey.toString(), "-out", ca.toString(), "-days", "1", "-subj", "/CN=Tributary test CA " + dir.getFileName());
			Path server = sign(dir, "server", ca, caKey, "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
					+ "extendedKeyUsage=serverAuth\n");
			Path client = sign(dir, "client", ca, caKey, "extendedKeyUsage=clientAuth\n");
			return new TestCertificates(ca, server, dir.resolve("server.key"), client, dir.resolve("client.key"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A TLS context that trusts this authority only (for HTTPS clients of a test). */
	public SSLContext trustingContext() {
		try (InputStream in = Files.newInputStream(this.ca)) {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot trust " + this.ca, ex);
		}
	}

	private static Path sign(Path dir, String name, Path ca, Path caKey, String extensions) throws IOException {
		Path key = dir.resolve(name + ".key");
		Path request = dir.resolve(name + ".csr");
		Path certificate = dir.resolve(name + ".crt");
		Path extensionFile = Files.writeString(dir.resolve(name + ".ext"), extensions);
		openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
				"-out", request.toString(), "-subj", "/CN=" + name);
		openssl(dir, "x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
				"-CAcreateserial", "-out", certificate.toString(), "-days", "1", "-extfile", extensionFile.toString());
		return certificate;
	}

	private static void openssl(Path dir, String... args) {
		List<String> command = new java.util.ArrayList<>();
		command.add("openssl");
		command.addAll(List.of(args));
		ServerProcess.runToCompletion(command, dir, "openssl (needed to generate the test certificates)");
	}

}
