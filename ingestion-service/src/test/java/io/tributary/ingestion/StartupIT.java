package io.tributary.ingestion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.support.diagnostics.StartupFailureAnalyzer;
import io.tributary.support.security.NoApiKeysException;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A pipeline file that cannot be used stops the service at start-up, saying where and why; so do API
 * keys that are on with no key anywhere.
 */
class StartupIT {

	private static final String NS = TestInfrastructure.newNamespace("ingest-startup");

	@TempDir
	Path dir;

	@AfterAll
	static void cleanUp() {
		TestInfrastructure.deleteRedisNamespace(NS);
	}

	private Throwable start(Path pipelineFile) {
		List<String> args = new ArrayList<>();
		TestKey.properties(Http.KEY).forEach((name, value) -> args.add("--" + name + "=" + value));
		return start(pipelineFile, args);
	}

	private Throwable start(Path pipelineFile, List<String> args) {
		TestInfrastructure.springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		args.add("--server.port=0");
		args.add("--tributary.namespace=" + NS);
		args.add("--tributary.pipeline-file=" + pipelineFile);
		return catchThrowable(() -> new SpringApplicationBuilder(IngestionApplication.class).run(args.toArray(String[]::new))
			.close());
	}

	@Test
	void refusesToStartWithAnInvalidPipelineFileAndSaysWhere() throws IOException {
		Path file = Files.writeString(this.dir.resolve("bad.yaml"), """
				streams:
				  s:
				    time-field: 12bad
				pipelines:
				  p:
				    source: s
				""");

		Throwable failure = start(file);

		PipelineFileException cause = (PipelineFileException) NestedExceptionUtils.getRootCause(failure);
		assertThat(cause.problems()).anySatisfy((p) -> assertThat(p).startsWith(file + ":3:17: streams.s.time-field"));
		FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo(cause.getMessage());
	}

	@Test
	void refusesToStartWhenAStreamsSchemaIsNotJson() throws IOException {
		Files.writeString(this.dir.resolve("schema.json"), "{ not json");
		Path file = Files.writeString(this.dir.resolve("pipeline.yaml"), """
				streams:
				  s:
				    schema: schema.json
				pipelines:
				  p:
				    source: s
				    key-by: event.k
				    window: { type: tumbling, size: 1s }
				    aggregate: { n: count }
				""");

		Throwable failure = start(file);

		List<String> messages = new ArrayList<>();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			messages.add(String.valueOf(t.getMessage()));
		}
		assertThat(messages).anySatisfy((m) -> assertThat(m)
			.startsWith("stream 's': cannot use JSON Schema " + this.dir.resolve("schema.json") + ": not readable JSON"));
	}

	@Test
	void refusesToStartWithoutThePipelineFile() {
		Throwable failure = start(this.dir.resolve("missing.yaml"));

		assertThat(NestedExceptionUtils.getRootCause(failure)).isInstanceOf(PipelineFileException.class)
			.hasMessageContaining("missing.yaml: cannot read");
	}

	@Test
	void refusesToStartWithKeysOnAndNoKeyAnywhereAndSaysWhatToSet() {
		List<String> args = new ArrayList<>();
		args.add("--tributary.security.keys-file=" + this.dir.resolve("no-such-keys"));

		Throwable failure = start(TestPipelines.FILE, args);

		assertThat(NestedExceptionUtils.getRootCause(failure)).isInstanceOf(NoApiKeysException.class);
		FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("API keys are on", this.dir.resolve("no-such-keys") + " (tributary.security.keys-file) does not exist");
		assertThat(analysis.getAction()).contains("TRIBUTARY_SECURITY_KEYS_FILE", "TRIBUTARY_SECURITY_ENABLED=false");
	}

}
