package io.tributary.support.diagnostics;

import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.support.security.NoApiKeysException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns the start-up failures an operator can fix into a short report instead of a stack trace: an
 * unusable pipeline file (the loader's own message, every problem with its place), API keys on but
 * none anywhere, an SSL bundle
 * that is missing or cannot be read, Redis or RabbitMQ refusing TLS or not trusted, and Redis,
 * RabbitMQ or Kafka not reachable. Registered for every service in this module's
 * {@code META-INF/spring.factories}. Failures of optional libraries are recognised by class name, so
 * a service without a broker loads this class too.
 */
public final class StartupFailureAnalyzer implements FailureAnalyzer {

	static final String REDIS = "org.springframework.data.redis.RedisConnectionFailureException";

	static final String RABBIT = "org.springframework.amqp.AmqpConnectException";

	/** Any failure of Spring AMQP: a refused TLS handshake need not surface as a connect failure. */
	static final String AMQP = "org.springframework.amqp.AmqpException";

	static final String KAFKA = "org.apache.kafka.common.errors.TimeoutException";

	static final String NO_SUCH_SSL_BUNDLE = "org.springframework.boot.ssl.NoSuchSslBundleException";

	/** Where the SSL bundles and their variables are explained. */
	private static final String TLS_DOCS = "docs/operations.md, \"TLS\"";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable t = failure; t != null; t = next(t)) {
			if (t instanceof PipelineFileException pipelineFile) {
				return new FailureAnalysis(pipelineFile.getMessage(),
						"Fix the pipeline file, or point tributary.pipeline-file (TRIBUTARY_PIPELINE_FILE) at a valid one.",
						pipelineFile);
			}
		}
		for (Throwable t = failure; t != null; t = next(t)) {
			if (t instanceof NoApiKeysException noKeys) {
				return new FailureAnalysis(noKeys.getMessage(),
						"Give the service its keys: a keys file, NAME SHA256-HEX SCOPES a line (TRIBUTARY_SECURITY_KEYS_FILE; "
								+ "the Secret tributary-api-keys on Kubernetes, ./tributary key local for docker compose), "
								+ "or TRIBUTARY_SECURITY_KEYS_0_NAME, _DIGEST and _SCOPES. Only on a machine no one else "
								+ "reaches: TRIBUTARY_SECURITY_ENABLED=false (docs/operations.md, \"Security\").",
						noKeys);
			}
		}
		FailureAnalysis bundle = sslBundle(failure);
		if (bundle != null) {
			return bundle;
		}
		for (Throwable t = failure; t != null; t = next(t)) {
			if (isA(t, REDIS) && Causes.tlsHandshakeFailed(t)) {
				return new FailureAnalysis("Redis refused the TLS connection or is not trusted: " + Causes.rootMessage(t),
						"Trust the authority that signed Redis's certificate in the SSL bundle redis "
								+ "(SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE), give it a client certificate "
								+ "if Redis demands one (SPRING_SSL_BUNDLE_PEM_REDIS_KEYSTORE_*), and point "
								+ "SPRING_DATA_REDIS_PORT at its TLS port (" + TLS_DOCS + ").",
						t);
			}
			if (isA(t, AMQP) && Causes.tlsHandshakeFailed(t)) {
				return new FailureAnalysis(
						"RabbitMQ refused the TLS connection or is not trusted: " + Causes.rootMessage(t),
						"Trust the authority that signed the broker's certificate in the SSL bundle rabbitmq "
								+ "(SPRING_SSL_BUNDLE_PEM_RABBITMQ_TRUSTSTORE_CERTIFICATE), give it a client "
								+ "certificate if the broker demands one (SPRING_SSL_BUNDLE_PEM_RABBITMQ_KEYSTORE_*), "
								+ "and point SPRING_RABBITMQ_PORT at its TLS port (" + TLS_DOCS + ").",
						t);
			}
			if (isA(t, REDIS)) {
				return new FailureAnalysis("Redis is not reachable: " + Causes.rootMessage(t),
						"Start Redis, or point spring.data.redis.host and spring.data.redis.port "
								+ "(SPRING_DATA_REDIS_HOST, SPRING_DATA_REDIS_PORT) at it.",
						t);
			}
			if (isA(t, RABBIT)) {
				return new FailureAnalysis("RabbitMQ is not reachable: " + Causes.rootMessage(t),
						"Start RabbitMQ, or point spring.rabbitmq.host and spring.rabbitmq.port "
								+ "(SPRING_RABBITMQ_HOST, SPRING_RABBITMQ_PORT) at it; the Spring profile kafka "
								+ "runs the services on Kafka instead.",
						t);
			}
			if (isA(t, KAFKA)) {
				return new FailureAnalysis("Kafka did not answer in time: " + Causes.rootMessage(t),
						"Start Kafka, or point spring.kafka.bootstrap-servers (SPRING_KAFKA_BOOTSTRAP_SERVERS) at it.",
						t);
			}
		}
		return null;
	}

	/** An SSL bundle that is named but not defined, or whose files cannot be read. */
	private static @Nullable FailureAnalysis sslBundle(Throwable failure) {
		for (Throwable t = failure; t != null; t = next(t)) {
			if (isA(t, NO_SUCH_SSL_BUNDLE)) {
				return new FailureAnalysis(String.valueOf(t.getMessage()),
						"Define the bundle (spring.ssl.bundle.pem.<name>.*, SPRING_SSL_BUNDLE_PEM_<NAME>_*), or name "
								+ "a defined one in spring.data.redis.ssl.bundle, spring.rabbitmq.ssl.bundle or "
								+ "server.ssl.bundle (" + TLS_DOCS + ").",
						t);
			}
			// PemSslStoreBundle and JksSslStoreBundle: "Unable to create trust store: <why>"
			String message = t.getMessage();
			if (t instanceof IllegalStateException && message != null && message.startsWith("Unable to create ")
					&& message.contains(" store: ")) {
				return new FailureAnalysis("An SSL bundle cannot be loaded: " + message,
						"Check the files the SSL bundles name (SPRING_SSL_BUNDLE_PEM_<NAME>_TRUSTSTORE_CERTIFICATE, "
								+ "..._KEYSTORE_CERTIFICATE, ..._KEYSTORE_PRIVATEKEY): each must exist, be readable by "
								+ "the service and hold PEM (" + TLS_DOCS + ").",
						t);
			}
		}
		return null;
	}

	private static @Nullable Throwable next(Throwable t) {
		Throwable cause = t.getCause();
		return (cause != t) ? cause : null;
	}

	/** Whether the throwable is of the named class or a subclass of it. */
	private static boolean isA(Throwable t, String className) {
		for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(className)) {
				return true;
			}
		}
		return false;
	}

}
