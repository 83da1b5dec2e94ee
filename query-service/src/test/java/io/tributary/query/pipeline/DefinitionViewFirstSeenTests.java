package io.tributary.query.pipeline;

import java.nio.file.Path;

import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineFileLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pipeline's first-seen section in its definition as the API shows it: as written, defaults filled in. */
class DefinitionViewFirstSeenTests {

	@Test
	void showsTheFirstSeenSectionAndTheCallsAsWritten() {
		var file = PipelineFileLoader.load(Path.of("../pipelines/first-purchase.yaml"));
		String json = WireFormat.writeString(DefinitionView.of(file.pipeline("first-purchase").orElseThrow()));
		assertThat(json).contains("\"filter\":\"event.type == \\\"purchase\\\" && first-seen(user_id)\"")
			.contains("\"first-seen\":{\"horizon\":\"30d\",\"false-positive-rate\":0.001,\"expected-values\":200000}");
		String without = WireFormat.writeString(DefinitionView.of(PipelineFileLoader
			.load(Path.of("../pipelines/example.yaml"))
			.pipeline("campaign-views")
			.orElseThrow()));
		assertThat(without).doesNotContain("first-seen");
	}

}
