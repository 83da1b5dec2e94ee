package io.tributary.storage;

import java.util.ArrayList;
import java.util.List;

import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
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

	@Test
	void aRuleNamingATargetTheConfigurationLacksFailsStartUpAtItsPlace() {
		assertThatThrownBy(() -> start("src/test/resources/pipelines/storage-notify-test.yaml",
				"--tributary.notify.targets.receiver.url=http://127.0.0.1:9/a",
				"--tributary.notify.targets.flaky.url=http://127.0.0.1:9/b",
				"--tributary.notify.targets.chat.url=http://127.0.0.1:9/c"))
			.rootCause()
			.isInstanceOf(PipelineFileException.class)
			.hasMessageContaining("storage-notify-test.yaml:23:18 (pipelines.alerting.alerts.down-rule.notify[0]): "
					+ "unknown notification target 'down'; configured targets: [chat, flaky, receiver]");
	}

	@Test
	void aTargetUrlThatIsNotOneFailsStartUpNamingTheProperty() {
		assertThatThrownBy(() -> start("src/test/resources/pipelines/storage-notify-test.yaml",
				"--tributary.notify.targets.receiver.url=http://127.0.0.1:9/a",
				"--tributary.notify.targets.flaky.url=http://127.0.0.1:9/b",
				"--tributary.notify.targets.down.url=127.0.0.1:9/down",
				"--tributary.notify.targets.chat.url=http://127.0.0.1:9/c"))
			.satisfies((ex) -> assertThat(messages(ex)).contains(
					"Failed to bind properties under 'tributary.notify.targets.down'",
					"url '127.0.0.1:9/down' must be an absolute http:// or https:// URL"));
	}

	/** The messages of a failure and its causes. */
	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			messages.append(t.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static void start(String pipelineFile, String... more) {
		List<String> args = new ArrayList<>(List.of(more));
		TestInfrastructure.springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		args.add("--tributary.namespace=" + TestInfrastructure.newNamespace("storage-startup-it"));
		args.add("--tributary.pipeline-file=" + pipelineFile);
		new SpringApplicationBuilder(StorageApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new))
			.close();
	}

}
