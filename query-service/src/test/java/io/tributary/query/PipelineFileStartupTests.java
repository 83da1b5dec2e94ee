package io.tributary.query;

import io.tributary.contract.pipeline.PipelineFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class PipelineFileStartupTests {

	@Test
	void aBadPipelineFileFailsStartUpWithTheLoadersMessage(CapturedOutput output) {
		SpringApplication app = new SpringApplication(QueryApplication.class);
		app.setWebApplicationType(WebApplicationType.NONE);
		assertThatThrownBy(() -> app.run("--tributary.pipeline-file=src/test/resources/pipelines/broken.yaml"))
			.hasRootCauseInstanceOf(PipelineFileException.class)
			.rootCause()
			.hasMessageContaining("broken.yaml:3:13: pipelines.broken.source: unknown stream 'nowhere'");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("pipelines.broken.source: unknown stream 'nowhere'")
			.contains("tributary.pipeline-file");
	}

	@Test
	void aMissingPipelineFileFailsStartUpNamingTheFile() {
		SpringApplication app = new SpringApplication(QueryApplication.class);
		app.setWebApplicationType(WebApplicationType.NONE);
		assertThatThrownBy(() -> app.run("--tributary.pipeline-file=does/not/exist.yaml"))
			.hasRootCauseInstanceOf(PipelineFileException.class)
			.rootCause()
			.hasMessageContaining("does/not/exist.yaml: cannot read");
	}

}
