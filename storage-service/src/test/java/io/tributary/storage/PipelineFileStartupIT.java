package io.tributary.storage;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pipeline file that cannot be used stops the service at start-up, saying why and where. */
class PipelineFileStartupIT {

	@Test
	void anInvalidPipelineFileFailsStartUpWithTheLoadersMessage() {
		assertThatThrownBy(() -> start("src/test/resources/pipelines/invalid.yaml"))
			.rootCause()
			.isInstanceOf(PipelineFileException.class)
			.hasMessageContaining("src/test/resources/pipelines/invalid.yaml:3:13: pipelines.broken.source: "
					+ "unknown stream 'nowhere'")
			.hasMessageContaining("invalid.yaml:7:16: pipelines.broken.retention");
	}

	@Test
	void aMissingPipelineFileFailsStartUp() {
		assertThatThrownBy(() -> start("src/test/resources/pipelines/missing.yaml"))
			.rootCause()
			.isInstanceOf(PipelineFileException.class)
			.hasMessageContaining("missing.yaml: cannot read");
	}

	private static void start(String pipelineFile) {
		List<String> args = new ArrayList<>();
		TestInfrastructure.springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		args.add("--tributary.namespace=" + TestInfrastructure.newNamespace("storage-startup-it"));
		args.add("--tributary.pipeline-file=" + pipelineFile);
		new SpringApplicationBuilder(StorageApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new))
			.close();
	}

}
