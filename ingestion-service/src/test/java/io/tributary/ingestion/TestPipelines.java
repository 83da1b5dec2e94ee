package io.tributary.ingestion;

import java.nio.file.Path;

import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;

/** The pipeline file of the tests (src/test/resources/pipelines/test-pipeline.yaml). */
public final class TestPipelines {

	public static final Path FILE = Path.of("src/test/resources/pipelines/test-pipeline.yaml").toAbsolutePath();

	private TestPipelines() {
	}

	public static PipelineFile load() {
		return PipelineFileLoader.load(FILE);
	}

}
