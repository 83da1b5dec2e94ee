package io.tributary.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import io.tributary.testsupport.tls.TestCertificates;
import io.tributary.testsupport.tls.TlsRedisServer;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * query-service serving HTTPS on its own port and reading Redis over TLS, both through Spring Boot PEM
 * SSL bundles set by properties (docs/operations.md, "TLS"). The test generates the certificate
 * authority and runs a redis-server of its own that speaks only TLS and demands a client certificate;
 * it writes a result there as storage would, and reads it back through the service over HTTPS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TlsIT {

	private static final String NS = TestInfrastructure.newNamespace("query-tls");

	private static final long START = 1_714_564_800_000L;

	@TempDir
	static Path dir;

	private static TestCertificates certificates;

	private static TlsRedisServer redis;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startRedis() {
		certificates = TestCertificates.generate(dir.resolve("ca"));
		redis = TlsRedisServer.start(certificates, dir.resolve("redis"));
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("tributary.namespace", () -> NS);
		registry.add("tributary.pipeline-file", StoredResults.PIPELINE_FILE::toString);
		TestKey.properties(StoredResults.KEY).forEach((name, value) -> registry.add(name, () -> value));
		registry.add("spring.data.redis.host", () -> "localhost");
		registry.add("spring.data.redis.port", () -> redis.port());
		registry.add("spring.data.redis.ssl.enabled", () -> "true");
		registry.add("spring.data.redis.ssl.bundle", () -> "redis");
		registry.add("spring.ssl.bundle.pem.redis.truststore.certificate", () -> "file:" + certificates.ca());
		registry.add("spring.ssl.bundle.pem.redis.keystore.certificate",
				() -> "file:" + certificates.clientCertificate());
		registry.add("spring.ssl.bundle.pem.redis.keystore.private-key", () -> "file:" + certificates.clientKey());
		registry.add("server.ssl.bundle", () -> "server");
		registry.add("spring.ssl.bundle.pem.server.keystore.certificate",
				() -> "file:" + certificates.serverCertificate());
		registry.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> "file:" + certificates.serverKey());
	}

	@Test
	void answersOverHttpsWithAResultReadFromRedisOverTls() throws Exception {
		RedisClient client = redis.client(certificates);
		try (StatefulRedisConnection<String, String> c = client.connect()) {
			StoredResults.write(c.sync(), NS, "c-tls", START, List.of(10L, 20L, 30L), true, 0);
		}
		finally {
			client.shutdown();
		}
		HttpClient trusting = HttpClient.newBuilder().sslContext(certificates.trustingContext()).build();

		HttpResponse<String> latest = trusting.send(
				HttpRequest.newBuilder(uri("https", "/api/v1/pipelines/campaign-views/keys/c-tls/latest"))
					.header("X-API-Key", StoredResults.KEY.key())
					.build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> readiness = trusting.send(HttpRequest.newBuilder(uri("https", "/actuator/health/readiness"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(latest.body(), "$.key")).isEqualTo("c-tls");
		assertThat(((Number) JsonPath.read(latest.body(), "$.metrics.views")).longValue()).isEqualTo(3);
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
	}

	@Test
	void aClientThatDoesNotTrustTheCertificateCannotConnect() {
		assertThatExceptionOfType(SSLHandshakeException.class)
			.isThrownBy(() -> HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(uri("https", "/actuator/health/liveness")).build(),
						HttpResponse.BodyHandlers.ofString()))
			.withRootCauseInstanceOf(CertPathBuilderException.class);
	}

	@Test
	void plainHttpGetsNoAnswerFromTheService() throws InterruptedException {
		int status;
		try {
			status = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(uri("http", "/actuator/health/liveness")).build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode();
		}
		catch (IOException ex) {
			status = -1;
		}
		assertThat(status).as("a plain HTTP request to the HTTPS port").isNotEqualTo(200);
	}

	private URI uri(String scheme, String path) {
		return URI.create(scheme + "://localhost:" + this.port + path);
	}

}
