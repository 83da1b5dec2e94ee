package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The {@code first-seen(field)} calls in an expression's text. {@code first-seen} is not a CEL name
 * (CEL would read {@code first - seen(...)}), so the engine finds the calls here, outside string
 * literals, and compiles the expression with each call replaced by the boolean variable
 * {@link #VARIABLE}: every call in a pipeline names one field (its key, or any field when the key is a
 * constant), so they all have one answer per event. Also reads the root names an expression uses, to
 * tell which derived fields depend on a call, and which field a pipeline's calls ask about.
 */
public final class FirstSeenCalls {

	/** How the pipeline file spells the function. */
	public static final String FUNCTION = "first-seen";

	/** The CEL variable a call is compiled to: the event's answer. */
	public static final String VARIABLE = "__first_seen__";

	private static final Pattern CALL = Pattern.compile("first-seen\\s*\\(\\s*([^()\\s]*)\\s*\\)");

	/** A string literal without escapes or a number literal: a key every event has the same value of. */
	private static final Pattern CONSTANT = Pattern.compile(
			"\"[^\"\\\\]*\"|'[^'\\\\]*'|[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?[uU]?");

	private FirstSeenCalls() {
	}

	/** One call: where it is in the text and the field it names. */
	public record Call(int start, int end, String field) {
	}

	/**
	 * The calls in the text, outside string literals.
	 * @throws IllegalArgumentException when {@code first-seen} is used in another way than with one
	 * field ({@code first-seen(user_id)}), or the text already uses {@link #VARIABLE}
	 */
	public static List<Call> find(String text) {
		List<Call> calls = new ArrayList<>();
		Scanner scanner = new Scanner(text);
		while (scanner.next()) {
			int at = scanner.position;
			if (scanner.wordAt(FUNCTION)) {
				Matcher m = CALL.matcher(text).region(at, text.length());
				if (!m.lookingAt() || !Names.isField(m.group(1))) {
					throw new IllegalArgumentException(FUNCTION + " takes one field of the event, e.g. "
							+ FUNCTION + "(user_id)");
				}
				calls.add(new Call(at, m.end(), m.group(1)));
				scanner.position = m.end() - 1;
			}
			else if (scanner.wordAt(VARIABLE)) {
				throw new IllegalArgumentException("'" + VARIABLE + "' is reserved for " + FUNCTION);
			}
		}
		return calls;
	}

	/** Whether the text calls {@code first-seen} (well formed or not), outside string literals. */
	public static boolean uses(String text) {
		Scanner scanner = new Scanner(text);
		while (scanner.next()) {
			if (scanner.wordAt(FUNCTION)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The text with each call replaced by {@link #VARIABLE}.
	 * @throws IllegalArgumentException as {@link #find}
	 */
	public static String rewrite(String text) {
		StringBuilder out = new StringBuilder();
		int from = 0;
		for (Call call : find(text)) {
			out.append(text, from, call.start()).append(VARIABLE);
			from = call.end();
		}
		return out.append(text, from, text.length()).toString();
	}

	/**
	 * The names the text starts a reference with (not after a dot, outside string literals): the
	 * variables and functions it may use, e.g. {@code event}, a derived field, {@code size}.
	 */
	public static Set<String> rootNames(String text) {
		Set<String> names = new LinkedHashSet<>();
		Scanner scanner = new Scanner(text);
		while (scanner.next()) {
			String word = scanner.word();
			if (word != null) {
				names.add(word);
				scanner.position += word.length() - 1;
			}
		}
		return names;
	}

	/**
	 * A field path as the engine resolves it: {@code event.x} and a first segment that is not a bound
	 * name (an enrichment or derived field) are the event's field, written {@code event.x}; a bound
	 * name stays as it is.
	 */
	public static String resolvedField(String path, Set<String> boundNames) {
		String first = path.split("\\.", 2)[0];
		if (first.equals("event") || boundNames.contains(first)) {
			return path;
		}
		return "event." + path;
	}

	/**
	 * Whether a key-by is a constant (a string or number literal): every event of the pipeline goes to
	 * one partition, which then holds the membership of every value, so {@code first-seen} may name any
	 * field.
	 */
	public static boolean isConstantKey(Expression keyBy) {
		return CONSTANT.matcher(keyBy.text().trim()).matches();
	}

	/**
	 * The field a pipeline's calls ask about, resolved as {@link #resolvedField} does ({@code event.x} or
	 * a bound name's path); null when the pipeline calls {@code first-seen} nowhere. The parser makes
	 * every call of a pipeline name the same field, so the first one (the filter's, then the lets' in
	 * order) is the pipeline's.
	 * @throws IllegalArgumentException when a call is malformed (as {@link #find})
	 */
	public static @Nullable String askedField(PipelineDefinition definition) {
		Set<String> bound = new LinkedHashSet<>();
		definition.enrich().forEach((e) -> bound.add(e.as()));
		definition.let().forEach((l) -> bound.add(l.name()));
		List<Expression> expressions = new ArrayList<>();
		if (definition.filter() != null) {
			expressions.add(definition.filter());
		}
		definition.let().forEach((l) -> expressions.add(l.expression()));
		for (Expression expression : expressions) {
			List<Call> calls = find(expression.text());
			if (!calls.isEmpty()) {
				return resolvedField(calls.get(0).field(), bound);
			}
		}
		return null;
	}

	/**
	 * The derived fields the window stage computes: those that call {@code first-seen}, and those that
	 * use such a field (in order, so a field may use only the ones before it).
	 */
	public static Set<String> windowStageLets(List<LetStep> lets) {
		Set<String> deferred = new LinkedHashSet<>();
		for (LetStep let : lets) {
			String text = let.expression().text();
			if (uses(text) || rootNames(text).stream().anyMatch(deferred::contains)) {
				deferred.add(let.name());
			}
		}
		return deferred;
	}

	/** Walks a text's characters outside string literals, stopping where a name may start. */
	private static final class Scanner {

		private final String text;

		int position = -1;

		Scanner(String text) {
			this.text = text;
		}

		/** Moves to the next character outside a string literal; false at the end. */
		boolean next() {
			this.position++;
			while (this.position < this.text.length()) {
				char c = this.text.charAt(this.position);
				if (c == '"' || c == '\'') {
					this.position = afterLiteral(this.position);
					continue;
				}
				return true;
			}
			return false;
		}

		private int afterLiteral(int start) {
			char quote = this.text.charAt(start);
			String triple = String.valueOf(quote).repeat(3);
			boolean raw = start > 0 && (this.text.charAt(start - 1) == 'r' || this.text.charAt(start - 1) == 'R');
			if (this.text.startsWith(triple, start)) {
				int end = this.text.indexOf(triple, start + 3);
				return (end < 0) ? this.text.length() : end + 3;
			}
			for (int i = start + 1; i < this.text.length(); i++) {
				char c = this.text.charAt(i);
				if (c == '\\' && !raw) {
					i++;
				}
				else if (c == quote) {
					return i + 1;
				}
			}
			return this.text.length();
		}

		/** Whether the name {@code word} starts here as a whole name, not after a dot. */
		boolean wordAt(String word) {
			if (!this.text.startsWith(word, this.position) || !startsName()) {
				return false;
			}
			int end = this.position + word.length();
			return end >= this.text.length() || !isNamePart(this.text.charAt(end));
		}

		/** The name that starts here (not after a dot), or null. */
		String word() {
			if (!startsName() || !Character.isLetter(this.text.charAt(this.position))
					&& this.text.charAt(this.position) != '_') {
				return null;
			}
			int end = this.position;
			while (end < this.text.length() && isNamePart(this.text.charAt(end))) {
				end++;
			}
			return this.text.substring(this.position, end);
		}

		private boolean startsName() {
			if (this.position == 0) {
				return true;
			}
			char before = this.text.charAt(this.position - 1);
			if (isNamePart(before)) {
				return false;
			}
			// skip blanks back to a dot: "event . first" is a member too
			int i = this.position - 1;
			while (i >= 0 && Character.isWhitespace(this.text.charAt(i))) {
				i--;
			}
			return i < 0 || this.text.charAt(i) != '.';
		}

		private static boolean isNamePart(char c) {
			return Character.isLetterOrDigit(c) || c == '_';
		}

	}

}
