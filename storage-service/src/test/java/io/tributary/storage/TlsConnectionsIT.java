package io.tributary.storage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.contract.Counts;
import io.tributary.contract.Destinations;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.support.diagnostics.StartupFailureAnalyzer;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.tls.TestCertificates;
import io.tributary.testsupport.tls.TlsRabbitNode;
import io.tributary.testsupport.tls.TlsRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * storage-service over TLS only, configured the way a deployment configures it: with the environment
 * variables docs/operations.md ("TLS") lists, which fill Spring Boot PEM SSL bundles. The test runs a
 * certificate authority, a redis-server and a RabbitMQ node of its own, both speaking only TLS and both
 * demanding a client certificate; a result batch published to the broker is read back from Redis by a
 * client of the test. Peers that do not trust the authority, or have no client certificate, get nowhere:
 * the service stops at start-up saying which server refused it and what to set.
 */
class TlsConnectionsIT {

	private static final String NS = TestInfrastructure.newNamespace("storage-tls");

	@TempDir
	static Path dir;

	private static TestCertificates certificates;

	/** An authority neither server knows. */
	private static TestCertificates stranger;

	private static TlsRedisServer redis;

	private static TlsRabbitNode rabbit;

	@BeforeAll
	static void startServers() {
		certificates = TestCertificates.generate(dir.resolve("ca"));
		stranger = TestCertificates.generate(dir.resolve("stranger-ca"));
		redis = TlsRedisServer.start(certificates, dir.resolve("redis"));
		rabbit = TlsRabbitNode.start(certificates, dir.resolve("rabbitmq"));
	}

	@AfterAll
	static void stopServers() {
		if (rabbit != null) {
			rabbit.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void storesAResultBatchFromTheBrokerInRedisBothOverTls() throws Exception {
		try (ConfigurableApplicationContext storage = start(environment(certificates))) {
			awaitReady(storage);
			String key = "tls-" + UUID.randomUUID().toString().substring(0, 8);
			Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
			WindowResult result = result(key, start);

			MessageProperties properties = new MessageProperties();
			properties.setContentType(WireFormat.CONTENT_TYPE);
			new RabbitTemplate(storage.getBean(ConnectionFactory.class)).send(Destinations.name(NS, Destinations.RESULTS),
					"results", new Message(WireFormat.write(new ResultBatch(List.of(result), List.of(), List.of())),
							properties));

			RedisClient client = redis.client(certificates);
			try (StatefulRedisConnection<String, String> c = client.connect()) {
				String hash = NS + ":results:{views:" + key + "}";
				String field = Long.toString(start.toEpochMilli());
				await().atMost(Duration.ofSeconds(20)).until(() -> c.sync().hexists(hash, field));
				assertThat(c.sync().hget(hash, field)).isEqualTo(WireFormat.writeString(result));
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Test
	void aClientThatDoesNotTrustTheServersAuthorityCannotConnect() {
		RedisClient client = redis.client(stranger);
		try {
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(client::connect)
				.withRootCauseInstanceOf(CertPathBuilderException.class);
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void aServiceThatDoesNotTrustRedisStopsAtStartUpSayingWhy() {
		Map<String, String> variables = environment(certificates);
		variables.put("SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE", "file:" + stranger.ca());

		Throwable failure = catchThrowable(() -> start(variables).close());

		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("Redis refused the TLS connection or is not trusted: ");
		assertThat(analysis.getAction()).contains("SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE");
	}

	@Test
	void aServiceThatDoesNotTrustTheBrokerStopsAtStartUpSayingWhy() {
		Map<String, String> variables = environment(certificates);
		variables.put("SPRING_SSL_BUNDLE_PEM_RABBITMQ_TRUSTSTORE_CERTIFICATE", "file:" + stranger.ca());

		Throwable failure = catchThrowable(() -> start(variables).close());

		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("RabbitMQ refused the TLS connection or is not trusted: ");
	}

	@Test
	void aServiceWithoutAClientCertificateIsRefusedByServersThatDemandOne() {
		Map<String, String> variables = environment(certificates);
		variables.keySet().removeIf((name) -> name.contains("_KEYSTORE_"));

		Throwable failure = catchThrowable(() -> start(variables).close());

		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).containsPattern("^(Redis|RabbitMQ) refused the TLS connection");
	}

	@Test
	void aMissingCertificateFileStopsTheServiceAtStartUpNamingIt() {
		Map<String, String> variables = environment(certificates);
		variables.put("SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE", "file:" + dir.resolve("missing-ca.crt"));

		Throwable failure = catchThrowable(() -> start(variables).close());

		assertThat(failure).isNotNull();
		assertThat(messages(failure)).contains("missing-ca.crt");
		FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("An SSL bundle cannot be loaded: ").contains("missing-ca.crt");
	}

	// --- helpers --------------------------------------------------------------------------------------

	/**
	 * The variables docs/operations.md documents for TLS to RabbitMQ and Redis with a client certificate,
	 * trusting the authority of {@code trust} and presenting its client certificate.
	 */
	private static Map<String, String> environment(TestCertificates trust) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", "0");
		env.put("TRIBUTARY_NAMESPACE", NS);
		env.put("TRIBUTARY_PIPELINE_FILE", "src/test/resources/pipelines/storage-test.yaml");
		env.put("SPRING_RABBITMQ_HOST", "localhost");
		env.put("SPRING_RABBITMQ_PORT", String.valueOf(rabbit.port()));
		env.put("SPRING_RABBITMQ_USERNAME", "guest");
		env.put("SPRING_RABBITMQ_PASSWORD", "guest");
		env.put("SPRING_RABBITMQ_SSL_ENABLED", "true");
		env.put("SPRING_RABBITMQ_SSL_BUNDLE", "rabbitmq");
		env.put("SPRING_DATA_REDIS_HOST", "localhost");
		env.put("SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()));
		env.put("SPRING_DATA_REDIS_SSL_ENABLED", "true");
		env.put("SPRING_DATA_REDIS_SSL_BUNDLE", "redis");
		for (String bundle : List.of("RABBITMQ", "REDIS")) {
			String prefix = "SPRING_SSL_BUNDLE_PEM_" + bundle;
			env.put(prefix + "_TRUSTSTORE_CERTIFICATE", "file:" + trust.ca());
			env.put(prefix + "_KEYSTORE_CERTIFICATE", "file:" + trust.clientCertificate());
			env.put(prefix + "_KEYSTORE_PRIVATEKEY", "file:" + trust.clientKey());
		}
		return env;
	}

	/** Starts the service with these variables in its system environment, as a container would have them. */
	private static ConfigurableApplicationContext start(Map<String, String> variables) {
		Map<String, Object> all = new HashMap<>(System.getenv());
		all.putAll(variables);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, all));
		return new SpringApplicationBuilder(StorageApplication.class).environment(environment).run();
	}

	private static void awaitReady(ConfigurableApplicationContext storage) {
		await().atMost(Duration.ofSeconds(30)).until(() -> readiness(storage).statusCode() == 200);
	}

	private static HttpResponse<String> readiness(ConfigurableApplicationContext storage) throws Exception {
		String port = storage.getEnvironment().getProperty("local.server.port");
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

	private static WindowResult result(String key, Instant start) {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("views", 3L);
		return new WindowResult("views", key, start, start.plusSeconds(10), true, 1, metrics, new Counts(3, 0, 0));
	}

}
