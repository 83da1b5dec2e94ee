package io.tributary.contract.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The limits of a pipeline file, as the metric expressions of {@code select} and {@code alerts} apply them. */
class PipelineLimitsTests {

	private static Expression at(String text) {
		return new Expression(text, "p.yaml:1:1 (test)");
	}

	/** {@code 'aaa…' != ''}, exactly {@code codePoints} long. */
	private static String longComparison(int codePoints) {
		return "'" + "a".repeat(codePoints - 8) + "' != ''";
	}

	@Test
	void theLimitsAreTheDocumentedOnes() {
		assertThat(PipelineLimits.MAX_TOP_K).isEqualTo(1000);
		assertThat(PipelineLimits.MAX_WINDOWS_PER_EVENT).isEqualTo(100);
		assertThat(PipelineLimits.MAX_EXPRESSION_CODE_POINTS).isEqualTo(10_000);
		assertThat(PipelineLimits.MAX_COMPREHENSION_ITERATIONS).isEqualTo(10_000);
		assertThat(PipelineFileLoader.MAX_WINDOWS_PER_EVENT).isEqualTo(100);
	}

	@Test
	void aMetricExpressionOfTenThousandCodePointsCompilesAndOneMoreDoesNot() {
		String longest = longComparison(10_000);
		assertThat(longest.codePointCount(0, longest.length())).isEqualTo(10_000);
		assertThat(MetricExpression.compile(at(longest), List.of()).test("k", Map.of())).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> MetricExpression.compile(at(longest + " "), List.of()))
			.withMessageContaining("not a valid expression");
	}

	@Test
	void aComprehensionStopsAfterTenThousandIterations() {
		Expression all = at("metrics.all(name, name != '')");
		MetricExpression expression = MetricExpression.compile(all, List.of());
		Map<String, @Nullable Object> metrics = new LinkedHashMap<>();
		for (int i = 0; i < 10_000; i++) {
			metrics.put("m" + i, 1L);
		}
		assertThat(expression.evaluate("k", metrics)).isEqualTo(true);
		metrics.put("one-more", 1L);
		assertThat(expression.evaluate("k", metrics)).as("past the limit the evaluation fails, giving null").isNull();
	}

}
