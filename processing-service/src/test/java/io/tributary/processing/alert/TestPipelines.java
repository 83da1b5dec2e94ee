package io.tributary.processing.alert;

import java.time.Duration;
import java.util.List;

import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;

/** Pipelines for the alert tests. */
final class TestPipelines {

	private TestPipelines() {
	}

	/** Hourly tumbling windows counting {@code views} per key. */
	static PipelineDefinition hourly() {
		return new PipelineDefinition("views", "s", null, List.of(), new Expression("k", "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofHours(1), null, null, Duration.ZERO),
				new WatermarkSpec(Duration.ofSeconds(2), Duration.ofSeconds(10)),
				List.of(new AggregateSpec("views", "count", null, List.of(), "t")), new EmitSpec(null, true),
				Duration.ofDays(7));
	}

}
