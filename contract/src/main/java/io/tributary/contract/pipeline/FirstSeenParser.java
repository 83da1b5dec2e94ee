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
 * of the key-by field (a value's membership lives in the partition that owns its key), the key not
 * computed from them, and the section declared exactly when they are used.
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
		String keyField = (keyBy != null && Names.isField(keyBy.text().trim()))
				? FirstSeenCalls.resolvedField(keyBy.text().trim(), bound) : null;
		boolean used = false;
		if (filter != null) {
			used |= checkArguments(filter, m.get("filter"), path + ".filter", keyBy, keyField, bound);
		}
		Map<String, Node> letNodes = (m.get("let") == null) ? Map.of() : this.nodes.entries(m.get("let"), path + ".let");
		for (LetStep let : lets) {
			used |= checkArguments(let.expression(), letNodes.get(let.name()), path + ".let." + let.name(), keyBy,
					keyField, bound);
		}
		for (EnrichStep step : enrich) {
			refuse(step.key(), m.get("enrich"), path + ".enrich." + step.as() + ".key");
		}
		if (keyBy != null) {
			refuse(keyBy, m.get("key-by"), path + ".key-by");
			Set<String> windowStage = FirstSeenCalls.windowStageLets(lets);
			for (String name : FirstSeenCalls.rootNames(keyBy.text())) {
				if (windowStage.contains(name)) {
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

	/** Reports calls whose field is not the key-by field; whether there are calls. */
	private boolean checkArguments(Expression expression, @Nullable Node node, String path,
			@Nullable Expression keyBy, @Nullable String keyField, Set<String> bound) {
		List<FirstSeenCalls.Call> calls;
		try {
			calls = FirstSeenCalls.find(expression.text());
		}
		catch (IllegalArgumentException ex) {
			this.nodes.problem(node, path, ex.getMessage());
			return true;
		}
		for (FirstSeenCalls.Call call : calls) {
			if (keyBy != null && !FirstSeenCalls.resolvedField(call.field(), bound).equals(keyField)) {
				this.nodes.problem(node, path, FirstSeenCalls.FUNCTION + "(" + call.field()
						+ ") must name the pipeline's key-by field ('" + keyBy.text().trim()
						+ "'): a value's membership is kept in the partition that owns its key, so each value"
						+ " is judged in one place. To ask whether " + call.field()
						+ " is new, use a pipeline with key-by: " + call.field());
			}
		}
		return !calls.isEmpty();
	}

	private void refuse(Expression expression, @Nullable Node node, String path) {
		if (FirstSeenCalls.uses(expression.text())) {
			this.nodes.problem(node, path, FirstSeenCalls.FUNCTION + "(...) can be used in 'filter' and 'let' only");
		}
	}

}
