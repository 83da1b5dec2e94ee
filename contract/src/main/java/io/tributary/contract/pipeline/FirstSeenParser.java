package io.tributary.contract.pipeline;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a pipeline's {@code first-seen} section (horizon, false-positive rate, expected values) and
 * checks the pipeline's {@code first-seen(field)} calls: only in {@code filter} and {@code let}, only
 * of the key-by field (a value's membership lives in the partition that owns its key) unless the key
 * is a constant (one partition holds every value), all of one field, the key not computed from them,
 * and the section declared exactly when they are used.
 */
final class FirstSeenParser {

	private static final Set<String> PROPERTIES = Set.of("horizon", "false-positive-rate", "expected-values");

	private final YamlNodes nodes;

	FirstSeenParser(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/** The section; null when absent or wrong. */
	@Nullable FirstSeenSpec parse(@Nullable Node node, String path) {
		if (node == null) {
			return null;
		}
		Map<String, Node> m = this.nodes.mapping(node, path, PROPERTIES);
		if (m == null) {
			return null;
		}
		int before = this.nodes.problemCount();
		Duration horizon = null;
		if (m.get("horizon") == null) {
			this.nodes.problem(node, path, "'horizon' is required (how long a value stays seen, e.g. horizon: 30d)");
		}
		else {
			horizon = this.nodes.positiveDuration(m.get("horizon"), path + ".horizon");
			if (horizon != null && horizon.compareTo(FirstSeenSpec.MIN_HORIZON) < 0) {
				this.nodes.problem(m.get("horizon"), path + ".horizon",
						"must be at least " + Durations.format(FirstSeenSpec.MIN_HORIZON));
			}
		}
		double rate = this.nodes.number(m.get("false-positive-rate"), path + ".false-positive-rate",
				FirstSeenSpec.DEFAULT_FALSE_POSITIVE_RATE, FirstSeenSpec.MIN_FALSE_POSITIVE_RATE,
				FirstSeenSpec.MAX_FALSE_POSITIVE_RATE, "from " + FirstSeenSpec.MIN_FALSE_POSITIVE_RATE + " to "
						+ FirstSeenSpec.MAX_FALSE_POSITIVE_RATE + " (the chance that a new value is taken for seen)");
		double expected = this.nodes.number(m.get("expected-values"), path + ".expected-values",
				FirstSeenSpec.DEFAULT_EXPECTED_VALUES, 1, FirstSeenSpec.MAX_EXPECTED_VALUES,
				"a whole number from 1 to " + FirstSeenSpec.MAX_EXPECTED_VALUES
						+ " (distinct values one partition holds in one horizon)");
		if (expected != Math.rint(expected)) {
			this.nodes.problem(m.get("expected-values"), path + ".expected-values", "must be a whole number");
		}
		if (this.nodes.problemCount() > before || horizon == null) {
			return null;
		}
		return new FirstSeenSpec(horizon, rate, (long) expected, this.nodes.where(node, path));
	}

	/**
	 * Reports every misuse of {@code first-seen(field)} in the pipeline {@code m} (its properties'
	 * nodes), whose section parsed to {@code spec} (null when absent or wrong).
	 */
	void checkCalls(Map<String, Node> m, Node pipeline, String path, @Nullable Expression filter,
			List<EnrichStep> enrich, List<LetStep> lets, @Nullable Expression keyBy, @Nullable FirstSeenSpec spec) {
		Set<String> bound = new HashSet<>();
		enrich.forEach((e) -> bound.add(e.as()));
		lets.forEach((l) -> bound.add(l.name()));
		// a graph's key is a constant too, but its operator was not built for first-seen of another field
		Calls calls = new Calls(keyBy, m.get("graph") == null, bound, FirstSeenCalls.windowStageLets(lets));
		if (filter != null) {
			checkArguments(filter, m.get("filter"), path + ".filter", calls);
		}
		Map<String, Node> letNodes = (m.get("let") == null) ? Map.of() : this.nodes.entries(m.get("let"), path + ".let");
		for (LetStep let : lets) {
			checkArguments(let.expression(), letNodes.get(let.name()), path + ".let." + let.name(), calls);
		}
		boolean used = calls.used;
		for (EnrichStep step : enrich) {
			refuse(step.key(), m.get("enrich"), path + ".enrich." + step.as() + ".key");
		}
		if (keyBy != null) {
			refuse(keyBy, m.get("key-by"), path + ".key-by");
			for (String name : FirstSeenCalls.rootNames(keyBy.text())) {
				if (calls.windowStage.contains(name)) {
					this.nodes.problem(m.get("key-by"), path + ".key-by", "uses '" + name + "', which depends on "
							+ FirstSeenCalls.FUNCTION + "(...): a key cannot depend on whether its own value is new");
				}
			}
		}
		if (m.get("select") != null) {
			// the raw entries: a select that calls first-seen does not compile, so it is not among the parsed ones
			this.nodes.entries(m.get("select"), path + ".select").forEach((name, node) -> {
				if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar) {
					refuse(new Expression(scalar.getValue(), ""), node, path + ".select." + name);
				}
			});
		}
		if (used && spec == null && m.get("first-seen") == null) {
			this.nodes.problem(pipeline, path, "uses " + FirstSeenCalls.FUNCTION + "(...): declare its horizon, e.g. "
					+ "'first-seen: { horizon: 30d, false-positive-rate: 0.001, expected-values: 1000000 }'");
		}
		if (!used && m.get("first-seen") != null) {
			this.nodes.problem(m.get("first-seen"), path + ".first-seen", "no filter or let of this pipeline uses "
					+ FirstSeenCalls.FUNCTION + "(...); remove the section or use it");
		}
	}

	/** What the calls of one pipeline may name, and what they named so far. */
	private static final class Calls {

		final @Nullable Expression keyBy;

		/** The key-by field, resolved; null when the key is not a field. */
		final @Nullable String keyField;

		/** Whether the key is a constant: every event in one partition, so any field may be asked about. */
		final boolean constantKey;

		final Set<String> bound;

		/** The derived fields that depend on the answer. */
		final Set<String> windowStage;

		/** The first call's field as written, and resolved; null before the first call. */
		@Nullable String firstField;

		@Nullable String firstResolved;

		boolean used;

		Calls(@Nullable Expression keyBy, boolean declaredKey, Set<String> bound, Set<String> windowStage) {
			this.keyBy = keyBy;
			this.bound = bound;
			this.windowStage = windowStage;
			this.constantKey = declaredKey && keyBy != null && FirstSeenCalls.isConstantKey(keyBy);
			this.keyField = (keyBy != null && Names.isField(keyBy.text().trim()))
					? FirstSeenCalls.resolvedField(keyBy.text().trim(), bound) : null;
		}

	}

	/**
	 * Reports calls whose field the pipeline cannot ask about: another field than the key-by field
	 * (unless the key is a constant), the whole event or a value that depends on the answer, or a
	 * field other than the one an earlier call named.
	 */
	private void checkArguments(Expression expression, @Nullable Node node, String path, Calls calls) {
		List<FirstSeenCalls.Call> found;
		try {
			found = FirstSeenCalls.find(expression.text());
		}
		catch (IllegalArgumentException ex) {
			this.nodes.problem(node, path, ex.getMessage());
			calls.used = true;
			return;
		}
		for (FirstSeenCalls.Call call : found) {
			calls.used = true;
			String field = call.field();
			String resolved = FirstSeenCalls.resolvedField(field, calls.bound);
			String written = FirstSeenCalls.FUNCTION + "(" + field + ")";
			if (calls.keyBy == null) {
				continue;
			}
			if (calls.constantKey) {
				String root = resolved.split("\\.", 2)[0];
				if (resolved.equals("event")) {
					this.nodes.problem(node, path, written + " names the whole event: name one of its fields, e.g. "
							+ FirstSeenCalls.FUNCTION + "(user_id)");
					continue;
				}
				if (calls.windowStage.contains(root)) {
					this.nodes.problem(node, path, written + " names '" + root + "', which depends on "
							+ FirstSeenCalls.FUNCTION + "(...): a value cannot depend on whether it is new");
					continue;
				}
			}
			else if (!resolved.equals(calls.keyField)) {
				this.nodes.problem(node, path, written + " must name the pipeline's key-by field ('"
						+ calls.keyBy.text().trim() + "'): a value's membership is kept in the partition that owns"
						+ " its key, so each value is judged in one place. To ask whether " + field
						+ " is new, use a pipeline with key-by: " + field + ", or one with a constant key (e.g. key-by:"
						+ " \"'all'\"), which sends every event to one partition: one core, one partition's memory");
				continue;
			}
			if (calls.firstResolved == null) {
				calls.firstField = field;
				calls.firstResolved = resolved;
			}
			else if (!resolved.equals(calls.firstResolved)) {
				this.nodes.problem(node, path, written + " names another field than " + FirstSeenCalls.FUNCTION + "("
						+ calls.firstField + "): every call of a pipeline must ask about the same field (one"
						+ " membership per pipeline); use one pipeline per field");
			}
		}
	}

	private void refuse(Expression expression, @Nullable Node node, String path) {
		if (FirstSeenCalls.uses(expression.text())) {
			this.nodes.problem(node, path, FirstSeenCalls.FUNCTION + "(...) can be used in 'filter' and 'let' only");
		}
	}

}
