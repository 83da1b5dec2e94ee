package io.tributary.processing.route;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.Names;
import io.tributary.contract.pipeline.PipelineFileException;
import io.tributary.contract.pipeline.PipelineLimits;
import org.jspecify.annotations.Nullable;

/**
 * An expression of the pipeline file, compiled once. A plain field path ({@code event.ad_id},
 * {@code campaign_id}) is resolved directly, which is the common case and much faster; anything
 * else is a CEL expression, which is safe on untrusted data: no I/O, no reflection, bounded
 * comprehensions.
 * <p>
 * Variables: {@code event}, the event's data (a map), and each enrichment result bound so far by
 * its {@code as} name. In a field path, a first segment that is neither {@code event} nor an
 * enrichment name refers to a field of the event, so {@code key-by: user_id} works.
 */
abstract sealed class CompiledExpression {

	private static final Set<String> LITERALS = Set.of("true", "false", "null");

	final String text;

	final String location;

	private CompiledExpression(Expression expression) {
		this.text = expression.text();
		this.location = expression.location();
	}

	/**
	 * Compiles an expression that may read {@code event} and the given enrichment names.
	 * @throws PipelineFileException naming the expression's place in the file
	 */
	static CompiledExpression compile(Expression expression, List<String> enrichedNames) {
		String text = expression.text().trim();
		if (Names.isField(text) && !LITERALS.contains(text)) {
			return new FieldPath(expression, text.split("\\."), enrichedNames);
		}
		CelProgram program = compileWithCel(expression, enrichedNames);
		StringComparison comparison = StringComparison.of(text, program);
		return (comparison != null) ? comparison : program;
	}

	/** As {@link #compile}, always to a CEL program (no shortcut): what the shortcuts are measured against. */
	static CelProgram compileWithCel(Expression expression, List<String> enrichedNames) {
		String text = expression.text().trim();
		var builder = CelFactory.standardCelBuilder()
			.setOptions(PipelineLimits.celOptions())
			.setStandardMacros(CelStandardMacro.STANDARD_MACROS)
			.addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN));
		for (String name : enrichedNames) {
			builder.addVar(name, SimpleType.DYN);
		}
		Cel cel = builder.build();
		try {
			CelAbstractSyntaxTree ast = cel.compile(text).getAst();
			return new CelProgram(expression, cel.createProgram(ast), ast);
		}
		catch (CelValidationException ex) {
			throw new PipelineFileException(locationFile(expression.location()),
					List.of(expression.location() + ": not a valid expression: " + ex.getMessage()));
		}
		catch (CelEvaluationException ex) {
			throw new PipelineFileException(locationFile(expression.location()),
					List.of(expression.location() + ": cannot prepare expression: " + ex.getMessage()));
		}
	}

	private static String locationFile(String location) {
		int colon = location.indexOf(':');
		return colon > 0 ? location.substring(0, colon) : location;
	}

	/**
	 * The top-level fields of the event's data the expression reads, or null when it may read any
	 * (it uses {@code event} other than as {@code event.field}).
	 */
	abstract @Nullable Set<String> eventFields();

	/**
	 * Evaluates against an event's data and the enrichment values bound so far.
	 * @return the value, or null where a field path finds nothing
	 */
	abstract @Nullable Object evaluate(Map<String, Object> event, Map<String, Object> enriched)
			throws EvaluationException;

	/** A field path resolved without an interpreter. */
	private static final class FieldPath extends CompiledExpression {

		private final String[] path;

		private final int start;

		private final @Nullable String enrichedName;

		FieldPath(Expression expression, String[] path, List<String> enrichedNames) {
			super(expression);
			this.path = path;
			if (path[0].equals("event")) {
				this.enrichedName = null;
				this.start = 1;
			}
			else if (enrichedNames.contains(path[0])) {
				this.enrichedName = path[0];
				this.start = 1;
			}
			else {
				this.enrichedName = null;
				this.start = 0;
			}
		}

		@Override
		@Nullable Set<String> eventFields() {
			if (this.enrichedName != null) {
				return Set.of();
			}
			return (this.start < this.path.length) ? Set.of(this.path[this.start]) : null;
		}

		@Override
		@Nullable Object evaluate(Map<String, Object> event, Map<String, Object> enriched) {
			Object current = this.enrichedName != null ? enriched.get(this.enrichedName) : event;
			for (int i = this.start; i < this.path.length && current != null; i++) {
				current = current instanceof Map<?, ?> map ? map.get(this.path[i]) : null;
			}
			return current;
		}

	}

	/** A CEL expression. */
	static final class CelProgram extends CompiledExpression {

		private final CelRuntime.Program program;

		private final @Nullable Set<String> eventFields;

		CelProgram(Expression expression, CelRuntime.Program program, CelAbstractSyntaxTree ast) {
			super(expression);
			this.program = program;
			this.eventFields = eventFields(ast);
		}

		@Override
		@Nullable Set<String> eventFields() {
			return this.eventFields;
		}

		/**
		 * The fields selected of {@code event} ({@code event.f}, {@code has(event.f)}); null when
		 * {@code event} also appears otherwise ({@code event["f"]}, {@code size(event)}, a macro's
		 * variable of that name), as then any field may be read.
		 */
		private static @Nullable Set<String> eventFields(CelAbstractSyntaxTree ast) {
			Set<String> fields = new java.util.TreeSet<>();
			for (CelNavigableExpr node : CelNavigableAst.fromAst(ast).getRoot().allNodes().toList()) {
				CelExpr expr = node.expr();
				if (expr.getKind() != CelExpr.ExprKind.Kind.IDENT || !expr.ident().name().equals("event")) {
					continue;
				}
				CelExpr parent = node.parent().map(CelNavigableExpr::expr).orElse(null);
				if (parent == null || parent.getKind() != CelExpr.ExprKind.Kind.SELECT
						|| parent.select().operand().id() != expr.id()) {
					return null;
				}
				fields.add(parent.select().field());
			}
			return Set.copyOf(fields);
		}

		@Override
		@Nullable Object evaluate(Map<String, Object> event, Map<String, Object> enriched) throws EvaluationException {
			Map<String, Object> vars;
			if (enriched.isEmpty()) {
				vars = Map.of("event", event);
			}
			else {
				vars = new java.util.HashMap<>(enriched);
				vars.put("event", event);
			}
			try {
				return this.program.eval(vars);
			}
			catch (CelEvaluationException ex) {
				throw new EvaluationException("'" + this.text + "' failed: " + ex.getMessage());
			}
		}

	}

	/**
	 * {@code event.field == "text"} (or {@code !=}, either side first, either quote), the common
	 * filter, compared directly when the event's field holds a string: CEL's string equality is
	 * equality of the code points, which is {@link String#equals}. Any other value (absent, null, a
	 * number, a map) goes to the CEL program, so errors and cross-type comparisons stay CEL's.
	 */
	private static final class StringComparison extends CompiledExpression {

		private static final String FIELD = "event\\.([A-Za-z_][A-Za-z0-9_]*)";

		// a literal without escapes, raw or triple quotes: its text is its value
		private static final String LITERAL = "(?:\"([^\"\\\\\\n]*)\"|'([^'\\\\\\n]*)')";

		private static final Pattern FIELD_FIRST = Pattern.compile(FIELD + "\\s*(==|!=)\\s*" + LITERAL);

		private static final Pattern LITERAL_FIRST = Pattern.compile(LITERAL + "\\s*(==|!=)\\s*" + FIELD);

		private final String field;

		private final String literal;

		private final boolean equal;

		private final CelProgram program;

		private StringComparison(CelProgram program, String field, String literal, boolean equal) {
			super(new Expression(program.text, program.location));
			this.program = program;
			this.field = field;
			this.literal = literal;
			this.equal = equal;
		}

		/** The comparison the text is, or null when it is anything else. */
		static @Nullable StringComparison of(String text, CelProgram program) {
			Matcher m = FIELD_FIRST.matcher(text);
			if (m.matches()) {
				return new StringComparison(program, m.group(1), (m.group(3) != null) ? m.group(3) : m.group(4),
						m.group(2).equals("=="));
			}
			m = LITERAL_FIRST.matcher(text);
			if (m.matches()) {
				return new StringComparison(program, m.group(4), (m.group(1) != null) ? m.group(1) : m.group(2),
						m.group(3).equals("=="));
			}
			return null;
		}

		@Override
		@Nullable Set<String> eventFields() {
			return this.program.eventFields();
		}

		@Override
		@Nullable Object evaluate(Map<String, Object> event, Map<String, Object> enriched) throws EvaluationException {
			if (event.get(this.field) instanceof String value) {
				return value.equals(this.literal) == this.equal;
			}
			return this.program.evaluate(event, enriched);
		}

	}

}
