package io.tributary.contract.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import org.jspecify.annotations.Nullable;

/**
 * A CEL expression over the metrics of one result ({@code select} fields, alert conditions),
 * compiled once. Variables: each metric whose name is an identifier (so {@code views > 1000}),
 * {@code metrics} (all of them by name, for names with dashes: {@code metrics["p99-latency"]}) and
 * {@code key}. Safe on any data: no I/O, bounded comprehensions; an evaluation that fails (a metric
 * without a value, a division by zero) gives null rather than an exception, since a result must
 * never be held up by one field.
 */
public final class MetricExpression {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/** CEL's reserved words, which cannot be variables. */
	private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
			"continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
			"var", "void", "while", "metrics", "key");

	private final Expression expression;

	private final CelRuntime.Program program;

	private final List<String> variables;

	private MetricExpression(Expression expression, CelRuntime.Program program, List<String> variables) {
		this.expression = expression;
		this.program = program;
		this.variables = variables;
	}

	/**
	 * Compiles {@code expression} for results with these metric names.
	 * @throws IllegalArgumentException with the reason (names an unknown metric, does not parse)
	 */
	public static MetricExpression compile(Expression expression, Collection<String> metricNames) {
		var builder = CelFactory.standardCelBuilder()
			.setOptions(PipelineLimits.celOptions())
			.setStandardMacros(CelStandardMacro.STANDARD_MACROS)
			.addVar("metrics", MapType.create(SimpleType.STRING, SimpleType.DYN))
			.addVar("key", SimpleType.STRING);
		List<String> variables = metricNames.stream().filter(MetricExpression::isVariable).toList();
		for (String name : variables) {
			builder.addVar(name, SimpleType.DYN);
		}
		Cel cel = builder.build();
		try {
			CelAbstractSyntaxTree ast = cel.compile(expression.text()).getAst();
			return new MetricExpression(expression, cel.createProgram(ast), variables);
		}
		catch (CelValidationException ex) {
			throw new IllegalArgumentException("not a valid expression over the metrics " + metricNames + ": "
					+ ex.getMessage().replace('\n', ' '), ex);
		}
		catch (CelEvaluationException ex) {
			throw new IllegalArgumentException("cannot prepare expression: " + ex.getMessage(), ex);
		}
	}

	private static boolean isVariable(String name) {
		return IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name);
	}

	public Expression expression() {
		return this.expression;
	}

	/** The value over {@code metrics} of the result of {@code key}, or null when it cannot be computed. */
	public @Nullable Object evaluate(String key, Map<String, @Nullable Object> metrics) {
		Map<String, Object> vars = new HashMap<>(this.variables.size() * 2 + 4);
		Map<String, Object> all = new HashMap<>(metrics.size() * 2);
		metrics.forEach((name, value) -> {
			if (value != null) {
				all.put(name, value);
			}
		});
		for (String name : this.variables) {
			Object value = metrics.get(name);
			if (value != null) {
				vars.put(name, value);
			}
		}
		vars.put("metrics", all);
		vars.put("key", key);
		try {
			Object value = this.program.eval(vars);
			return (value instanceof Double d && (d.isNaN() || d.isInfinite())) ? null : value;
		}
		catch (CelEvaluationException | RuntimeException ex) {
			return null;
		}
	}

	/** Whether the condition holds: true only for the boolean true (a failed evaluation does not). */
	public boolean test(String key, Map<String, @Nullable Object> metrics) {
		return Boolean.TRUE.equals(evaluate(key, metrics));
	}

	@Override
	public String toString() {
		return this.expression.text();
	}

}
