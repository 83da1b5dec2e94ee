package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules the pipeline model keeps whoever builds it (the loader, tests, code): durations the engine
 * can hold in milliseconds, a pipeline that emits something, and one namespace for metric names.
 */
class PipelineModelTests {

	/** Past {@link Long#MAX_VALUE} milliseconds, yet a valid {@link Duration}. */
	private static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE / 1000 + 1);

	private static final WindowSpec TEN_SECONDS = new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10),
			null, null, Duration.ZERO);

	private static AggregateSpec count(String name) {
		return new AggregateSpec(name, "count", null, List.of(), "t");
	}

	private static PipelineDefinition pipeline(List<AggregateSpec> aggregates, EmitSpec emit, List<SelectStep> select) {
		return new PipelineDefinition("views", "clicks", null, List.of(), new Expression("page", "t"), TEN_SECONDS,
				WatermarkSpec.DEFAULT, aggregates, emit, Duration.ofDays(7), List.of(), select, List.of());
	}

	@Test
	void durationsMustNotBeNegative() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null,
					Duration.ofMillis(-1)))
			.withMessage("allowed-lateness must not be negative, got PT-0.001S");
		assertThatIllegalArgumentException().isThrownBy(() -> new WatermarkSpec(Duration.ofSeconds(-1), Duration.ZERO))
			.withMessage("max-out-of-orderness must not be negative, got PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> new WatermarkSpec(Duration.ZERO, Duration.ofSeconds(-1)))
			.withMessage("idle-timeout must not be negative, got PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> new EmitSpec(Duration.ofSeconds(-1), true))
			.withMessage("emit.every must not be negative, got PT-1S");
	}

	@Test
	void durationsMustFitInMilliseconds() {
		// the boundary: the longest duration that still fits is accepted
		Duration longest = Duration.ofMillis(Long.MAX_VALUE);
		assertThatNoException().isThrownBy(() -> new WatermarkSpec(longest, longest));
		assertThatNoException().isThrownBy(() -> new EmitSpec(longest, true));
		assertThatNoException()
			.isThrownBy(() -> new WindowSpec(WindowSpec.Type.SESSION, null, null, Duration.ofSeconds(1), longest));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WindowSpec(WindowSpec.Type.SESSION, null, null, Duration.ofSeconds(1), TOO_LONG))
			.withMessageStartingWith("allowed-lateness is too large, got " + TOO_LONG);
		assertThatIllegalArgumentException().isThrownBy(() -> new WatermarkSpec(TOO_LONG, Duration.ZERO))
			.withMessageStartingWith("max-out-of-orderness is too large");
		assertThatIllegalArgumentException().isThrownBy(() -> new WatermarkSpec(Duration.ZERO, TOO_LONG))
			.withMessageStartingWith("idle-timeout is too large");
		assertThatIllegalArgumentException().isThrownBy(() -> new EmitSpec(TOO_LONG, true))
			.withMessageStartingWith("emit.every is too large");
	}

	@Test
	void emitEveryIsAtLeastAMillisecond() {
		assertThatNoException().isThrownBy(() -> new EmitSpec(Duration.ofMillis(1), true));
		assertThatNoException().isThrownBy(() -> new EmitSpec(null, true));
		assertThatIllegalArgumentException().isThrownBy(() -> new EmitSpec(Duration.ZERO, true))
			.withMessage("emit.every must be at least 1ms, got PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> new EmitSpec(Duration.ofNanos(999_999), true))
			.withMessage("emit.every must be at least 1ms, got PT0.000999999S");
	}

	@Test
	void aPipelineEmitsSomething() {
		assertThatNoException().isThrownBy(
				() -> pipeline(List.of(count("n")), new EmitSpec(Duration.ofSeconds(1), false), List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> pipeline(List.of(count("n")), new EmitSpec(null, false), List.of()))
			.withMessage("pipeline 'views': with emit final: false, set emit.every, or nothing is ever emitted");
		assertThatIllegalArgumentException().isThrownBy(() -> pipeline(List.of(), EmitSpec.DEFAULT, List.of()))
			.withMessage("pipeline 'views': declare at least one aggregation");
	}

	@Test
	void aggregationsAndSelectFieldsShareOneNamespace() {
		SelectStep perMinute = new SelectStep("rate", new Expression("n / 60.0", "t"));
		assertThat(pipeline(List.of(count("n"), count("m")), EmitSpec.DEFAULT, List.of(perMinute)).select())
			.containsExactly(perMinute);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> pipeline(List.of(count("n"), count("n")), EmitSpec.DEFAULT, List.of()))
			.withMessage("pipeline 'views': aggregation 'n' is declared twice");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> pipeline(List.of(count("n")), EmitSpec.DEFAULT,
					List.of(new SelectStep("n", new Expression("1", "t")))))
			.withMessage("pipeline 'views': select 'n' is declared twice");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> pipeline(List.of(count("n")), EmitSpec.DEFAULT, List.of(perMinute, perMinute)))
			.withMessage("pipeline 'views': select 'rate' is declared twice");
	}

	@Test
	void aPipelineFileIsHeldToTheModelsRulesToo() {
		String file = """
				streams:
				  clicks: {}
				pipelines:
				  per-page:
				    source: clicks
				    key-by: page
				    window: { type: tumbling, size: 10s, allowed-lateness: %s }
				    aggregate: { clicks: count }
				    emit: { every: %s }
				""";
		assertThatNoException().isThrownBy(() -> PipelineFileLoader.load("p.yaml", file.formatted("1s", "1ms"), null));
		// the loader's own checks let these pass (positive, parseable): the model refuses them, naming the rule
		assertThatThrownBy(() -> PipelineFileLoader.load("p.yaml", file.formatted("1s", "PT0.0005S"), null))
			.hasMessageContaining("emit.every must be at least 1ms, got PT0.0005S");
		assertThatThrownBy(() -> PipelineFileLoader.load("p.yaml", file.formatted("200000000000d", "1s"), null))
			.hasMessageContaining("allowed-lateness is too large");
	}

}
