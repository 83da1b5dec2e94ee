package io.tributary.support.diagnostics;

import java.util.List;

import io.tributary.contract.pipeline.PipelineFileException;
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
