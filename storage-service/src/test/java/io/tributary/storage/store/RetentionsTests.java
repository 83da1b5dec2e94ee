package io.tributary.storage.store;

import java.nio.file.Path;
import java.time.Duration;

import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionsTests {

	private final PipelineFile file = PipelineFileLoader.load(Path.of("src/test/resources/pipelines/storage-test.yaml"));

	@Test
	void takesEachPipelinesRetentionFromThePipelineFile() {
		Retentions retentions = Retentions.of(this.file, Duration.ofDays(30));

		assertThat(retentions.of("views")).isEqualTo(Duration.ofDays(7));
		assertThat(retentions.of("short-lived")).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void keepsResultsOfAnUndeclaredPipelineForTheDefaultRetention() {
		Retentions retentions = Retentions.of(this.file, Duration.ofDays(30));

		assertThat(retentions.of("not-in-the-file")).isEqualTo(Duration.ofDays(30));
		assertThat(retentions.of("not-in-the-file")).isEqualTo(Duration.ofDays(30));
	}

}
