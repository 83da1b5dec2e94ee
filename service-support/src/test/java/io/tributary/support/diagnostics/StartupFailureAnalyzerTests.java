package io.tributary.support.diagnostics;

import java.util.List;

import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.support.security.NoApiKeysException;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** Each start-up failure an operator can fix gets a report that says what and how. */
class StartupFailureAnalyzerTests {

	private final StartupFailureAnalyzer analyzer = new StartupFailureAnalyzer();

	private static Throwable atStartUp(Throwable cause) {
		return new IllegalStateException("Failed to start",
				new BeanCreationException("pipelineFile", "Failed to instantiate", cause));
	}

	@Test
	void aBadPipelineFileIsReportedWithTheLoadersOwnMessage() {
		PipelineFileException bad = new PipelineFileException("pipelines/x.yaml",
				List.of("pipelines/x.yaml:3:13: pipelines.broken.source: unknown stream 'nowhere'"));

		FailureAnalysis analysis = this.analyzer.analyze(atStartUp(bad));

		assertThat(analysis.getDescription()).isEqualTo(bad.getMessage())
			.contains("pipelines/x.yaml:3:13: pipelines.broken.source: unknown stream 'nowhere'");
		assertThat(analysis.getAction()).contains("tributary.pipeline-file", "TRIBUTARY_PIPELINE_FILE");
		assertThat(analysis.getCause()).isSameAs(bad);
	}

	@Test
	void keysOnButNoneAnywhereSaysWhereKeysComeFromAndHowToTurnThemOff() {
		NoApiKeysException noKeys = new NoApiKeysException(java.nio.file.Path.of("/etc/tributary/keys/api-keys"));

		FailureAnalysis analysis = this.analyzer.analyze(atStartUp(noKeys));

		assertThat(analysis.getDescription()).isEqualTo("API keys are on (tributary.security.enabled) but this service "
				+ "has none: no key in tributary.security.keys and the keys file /etc/tributary/keys/api-keys "
				+ "(tributary.security.keys-file) does not exist");
		assertThat(analysis.getAction()).contains("TRIBUTARY_SECURITY_KEYS_FILE", "tributary-api-keys",
				"TRIBUTARY_SECURITY_KEYS_0_NAME", "TRIBUTARY_SECURITY_ENABLED=false");
		assertThat(analysis.getCause()).isSameAs(noKeys);
	}

	@Test
	void anUnreachableRedisSaysWhereItWasLookedFor() {
		FailureAnalysis analysis = this.analyzer.analyze(atStartUp(new RedisConnectionFailureException(
				"Unable to connect to Redis", new IllegalStateException("Connection refused: localhost/127.0.0.1:6390"))));

		assertThat(analysis.getDescription())
			.isEqualTo("Redis is not reachable: Connection refused: localhost/127.0.0.1:6390");
		assertThat(analysis.getAction()).contains("spring.data.redis.host", "SPRING_DATA_REDIS_PORT");
	}

	@Test
	void anUnreachableRabbitMqSaysHowToPointAtIt() {
		FailureAnalysis analysis = this.analyzer
			.analyze(atStartUp(new AmqpConnectException(new java.net.ConnectException("Connection refused"))));

		assertThat(analysis.getDescription()).isEqualTo("RabbitMQ is not reachable: Connection refused");
		assertThat(analysis.getAction()).contains("spring.rabbitmq.host", "SPRING_RABBITMQ_PORT");
	}

	@Test
	void aKafkaThatDoesNotAnswerSaysHowToPointAtIt() {
		FailureAnalysis analysis = this.analyzer.analyze(atStartUp(new IllegalStateException("provisioning failed",
				new org.apache.kafka.common.errors.TimeoutException("Timed out waiting for a node assignment"))));

		assertThat(analysis.getDescription())
			.isEqualTo("Kafka did not answer in time: Timed out waiting for a node assignment");
		assertThat(analysis.getAction()).contains("spring.kafka.bootstrap-servers");
	}

	@Test
	void aRedisWhoseCertificateIsNotTrustedIsATlsProblemNotAnUnreachableRedis() {
		FailureAnalysis analysis = this.analyzer.analyze(atStartUp(new RedisConnectionFailureException(
				"Unable to connect to Redis", new IllegalStateException("Unable to connect to localhost:6380",
						new javax.net.ssl.SSLHandshakeException("PKIX path building failed")))));

		assertThat(analysis.getDescription())
			.isEqualTo("Redis refused the TLS connection or is not trusted: PKIX path building failed");
		assertThat(analysis.getAction()).contains("SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE",
				"SPRING_DATA_REDIS_PORT");
	}

	@Test
	void aBrokerWhoseCertificateIsNotTrustedIsATlsProblem() {
		FailureAnalysis analysis = this.analyzer.analyze(atStartUp(
				new AmqpConnectException(new javax.net.ssl.SSLHandshakeException("(certificate_unknown) PKIX"))));

		assertThat(analysis.getDescription())
			.isEqualTo("RabbitMQ refused the TLS connection or is not trusted: (certificate_unknown) PKIX");
		assertThat(analysis.getAction()).contains("SPRING_SSL_BUNDLE_PEM_RABBITMQ_TRUSTSTORE_CERTIFICATE");
	}

	@Test
	void anSslBundleWhoseFileIsMissingNamesTheFile() {
		FailureAnalysis analysis = this.analyzer.analyze(atStartUp(new IllegalStateException(
				"Could not load trust manager factory: Unable to create trust store: x",
				new IllegalStateException("Unable to create trust store: Error reading certificate or key from file "
						+ "'file:/etc/tls/ca.crt'"))));

		assertThat(analysis.getDescription()).isEqualTo("An SSL bundle cannot be loaded: Unable to create trust store: "
				+ "Error reading certificate or key from file 'file:/etc/tls/ca.crt'");
		assertThat(analysis.getAction()).contains("SPRING_SSL_BUNDLE_PEM_<NAME>_TRUSTSTORE_CERTIFICATE");
	}

	@Test
	void anSslBundleThatIsNotDefinedSaysWhereToDefineIt() {
		FailureAnalysis analysis = this.analyzer
			.analyze(atStartUp(new org.springframework.boot.ssl.NoSuchSslBundleException("redis", "SSL bundle name "
					+ "'redis' cannot be found")));

		assertThat(analysis.getDescription()).isEqualTo("SSL bundle name 'redis' cannot be found");
		assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.<name>", "spring.data.redis.ssl.bundle");
	}

	@Test
	void aBadPipelineFileWinsOverAnythingElseInTheChain() {
		PipelineFileException bad = new PipelineFileException("pipelines/x.yaml", List.of("p.yaml: cannot read"));

		assertThat(this.analyzer.analyze(new RedisConnectionFailureException("wrapped", bad)).getDescription())
			.isEqualTo(bad.getMessage());
	}

	@Test
	void leavesOtherFailuresToSpringBoot() {
		assertThat(this.analyzer.analyze(atStartUp(new IllegalArgumentException("something else")))).isNull();
	}

}
