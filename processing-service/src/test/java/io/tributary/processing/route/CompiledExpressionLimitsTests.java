package io.tributary.processing.route;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.contract.pipeline.PipelineLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The route stage's expressions are held to the pipeline file's limits, the same as the metric expressions. */
class CompiledExpressionLimitsTests {

	private static Expression at(String text) {
		return new Expression(text, "p.yaml:3:5 (pipelines.p.filter)");
	}

	@Test
	void anExpressionOfTenThousandCodePointsCompilesAndOneMoreDoesNot() throws EvaluationException {
		assertThat(PipelineLimits.MAX_EXPRESSION_CODE_POINTS).isEqualTo(10_000);
		String longest = "'" + "a".repeat(10_000 - 8) + "' != ''";
		assertThat(longest.codePointCount(0, longest.length())).isEqualTo(10_000);
		assertThat(CompiledExpression.compile(at(longest), List.of()).evaluate(Map.of(), Map.of())).isEqualTo(true);
		assertThatExceptionOfType(PipelineFileException.class)
			.isThrownBy(() -> CompiledExpression.compile(at(longest.replace("'a", "'aa")), List.of()))
			.withMessageContaining("p.yaml:3:5 (pipelines.p.filter): not a valid expression");
	}

	@Test
	void aComprehensionStopsAfterTenThousandIterations() throws EvaluationException {
		CompiledExpression all = CompiledExpression.compile(at("event.all(name, name != '')"), List.of());
		Map<String, Object> event = new HashMap<>();
		for (int i = 0; i < 10_000; i++) {
			event.put("f" + i, 1L);
		}
		assertThat(all.evaluate(event, Map.of())).isEqualTo(true);
		event.put("one-more", 1L);
		assertThatExceptionOfType(EvaluationException.class).isThrownBy(() -> all.evaluate(event, Map.of()));
	}

}
