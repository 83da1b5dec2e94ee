package io.tributary.support.diagnostics;

import io.tributary.contract.pipeline.PipelineFileException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns the start-up failures an operator can fix into a short report instead of a stack trace: an
 * unusable pipeline file (the loader's own message, every problem with its place), and Redis,
 * RabbitMQ or Kafka not reachable. Registered for every service in this module's
 * {@code META-INF/spring.factories}. Failures of optional libraries are recognised by class name, so
 * a service without a broker loads this class too.
 */
public final class StartupFailureAnalyzer implements FailureAnalyzer {

	static final String REDIS = "org.springframework.data.redis.RedisConnectionFailureException";

	static final String RABBIT = "org.springframework.amqp.AmqpConnectException";

	static final String KAFKA = "org.apache.kafka.common.errors.TimeoutException";

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
