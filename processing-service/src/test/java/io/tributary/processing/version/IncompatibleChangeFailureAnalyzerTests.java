package io.tributary.processing.version;

import java.util.List;

import io.tributary.contract.pipeline.PipelineChange;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class IncompatibleChangeFailureAnalyzerTests {

	@Test
	void aRefusedStartNamesEachChangeAndTheWaysOn() {
		IncompatibleChangeException refused = new IncompatibleChangeException(List.of(new PipelineChange("views",
				PipelineChange.Kind.INCOMPATIBLE, List.of("window: tumbling size 10s -> tumbling size 20s"))));
		FailureAnalysis analysis = new IncompatibleChangeFailureAnalyzer()
			.analyze(new BeanCreationException("runningVersions", "failed", refused));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.contains("pipeline 'views': window: tumbling size 10s -> tumbling size 20s");
		assertThat(analysis.getAction()).contains("on-incompatible-change=new-version", "previous pipeline file");
		assertThat(new IncompatibleChangeFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

}
