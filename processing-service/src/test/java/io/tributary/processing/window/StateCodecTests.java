package io.tributary.processing.window;

import java.time.Duration;
import java.util.List;

import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import io.tributary.processing.window.assign.TimeWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Window state in Redis keeps its form: what an earlier build wrote is read, and written back the same. */
class StateCodecTests {

	private static final PipelineDefinition COUNT_SESSIONS = new PipelineDefinition("views", "s", null, List.of(),
			new Expression("k", "t"), new WindowSpec(WindowSpec.Type.SESSION, null, null, Duration.ofSeconds(10),
					Duration.ZERO),
			WatermarkSpec.DEFAULT, List.of(new AggregateSpec("n", "count", null, List.of(), "t")), EmitSpec.DEFAULT,
			Duration.ofDays(1));

	private static String roundTrip(String field, String stored) {
		Aggregations aggregations = new Aggregations(COUNT_SESSIONS);
		StateCodec.WindowRecord record = StateCodec.decodeWindow(field, stored);
		WindowState state = StateCodec.decodeState(field, record, aggregations.restore(field, record.accumulators()));
		return StateCodec.encodeWindow("views", state, aggregations.serialForms(state.accumulators));
	}

	@Test
	void aSessionsEmissionsAreStoredAsStartEndRevisionArraysAsBefore() {
		// written by hand in the form of WindowRecord's components: emitted "m", to retract "x"
		String stored = "{\"p\":\"views\",\"k\":\"a\",\"s\":-5000,\"e\":28000,\"r\":4,\"f\":true,\"c\":false,"
				+ "\"n\":3,\"d\":1,\"i\":0,\"a\":{\"n\":3},\"m\":[-5000,28000,4],"
				+ "\"x\":[[0,18000,3],[18000,28000,1]]}";
		String field = StateCodec.windowField("views", "a", new TimeWindow(-5000, 28000));
		assertThat(roundTrip(field, stored)).isEqualTo(stored);

		StateCodec.WindowRecord record = StateCodec.decodeWindow(field, stored);
		WindowState state = StateCodec.decodeState(field, record, new Aggregations(COUNT_SESSIONS).restore(field,
				record.accumulators()));
		assertThat(state.emitted).isEqualTo(new SessionEmission(-5000, 28000, 4));
		assertThat(state.toRetract).containsExactly(new SessionEmission(0, 18000, 3),
				new SessionEmission(18000, 28000, 1));
	}

	@Test
	void aWindowWithoutSessionBookkeepingLeavesItOut() {
		String stored = "{\"p\":\"views\",\"k\":\"b\",\"s\":0,\"e\":10000,\"r\":0,\"f\":false,\"c\":true,"
				+ "\"n\":2,\"d\":0,\"i\":1,\"a\":{\"n\":2}}";
		String field = StateCodec.windowField("views", "b", new TimeWindow(0, 10000));
		assertThat(roundTrip(field, stored)).isEqualTo(stored);
	}

}
