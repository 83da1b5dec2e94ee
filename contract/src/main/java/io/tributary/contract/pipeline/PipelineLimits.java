package io.tributary.contract.pipeline;

import dev.cel.common.CelOptions;

/**
 * The limits a pipeline file is held to, in one place: the loader checks them, and the engine and
 * both expression compilers (processing's route stage and {@link MetricExpression}) apply them.
 */
public final class PipelineLimits {

	/** The largest {@code k} of {@code top(field, k)}. */
	public static final int MAX_TOP_K = 1000;

	/** The most windows a hopping window puts one event in (size / slide). */
	public static final int MAX_WINDOWS_PER_EVENT = 100;

	/** The longest expression, in code points. */
	public static final int MAX_EXPRESSION_CODE_POINTS = 10_000;

	/** The most iterations of one comprehension ({@code all}, {@code exists}, {@code map}, ...) in one evaluation. */
	public static final int MAX_COMPREHENSION_ITERATIONS = 10_000;

	/**
	 * Every expression of a pipeline file is compiled with these: the limits above, numbers of
	 * different types compared by value, and results as plain Java values.
	 */
	private static final CelOptions CEL_OPTIONS = CelOptions.current()
		.enableHeterogeneousNumericComparisons(true)
		.comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
		.maxExpressionCodePointSize(MAX_EXPRESSION_CODE_POINTS)
		.evaluateCanonicalTypesToNativeValues(true)
		.build();

	private PipelineLimits() {
	}

	/** The CEL options every expression of a pipeline file is compiled with (these limits included). */
	public static CelOptions celOptions() {
		return CEL_OPTIONS;
	}

}
