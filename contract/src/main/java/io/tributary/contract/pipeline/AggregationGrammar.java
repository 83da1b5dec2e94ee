package io.tributary.contract.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one aggregation call as written, {@code count}, {@code sum(price)},
 * {@code quantile(latency_ms, 0.5, 0.99)}: a function of the {@link Aggregation} catalogue with the
 * arguments it takes (a field, then numbers of its kind, in range, none twice), each problem explained
 * with the function's usage.
 */
final class AggregationGrammar {

	private static final Pattern CALL = Pattern.compile("([a-z_]+)\\s*(?:\\((.*)\\))?");

	private final YamlNodes nodes;

	AggregationGrammar(YamlNodes nodes) {
		this.nodes = nodes;
	}

	/** The aggregation {@code metric: text}, or null (with the problem reported at {@code node}). */
	@Nullable AggregateSpec parse(String metric, String text, Node node, String path) {
		Matcher call = CALL.matcher(text.trim());
		if (!call.matches()) {
			this.nodes.problem(node, path, "expected 'function' or 'function(field, ...)', e.g. count, sum(price)");
			return null;
		}
		String fn = call.group(1);
		List<String> args = arguments(call.group(2));
		Aggregation aggregation = Aggregation.named(fn);
		if (aggregation == null) {
			this.nodes.problem(node, path, "unknown aggregation '" + fn + "'; available: " + Aggregation.available());
			return null;
		}
		if (aggregation == Aggregation.COUNT) {
			if (!args.isEmpty()) {
				this.nodes.problem(node, path, aggregation.usage() + ", got " + args.size());
				return null;
			}
			return new AggregateSpec(metric, fn, null, List.of(), this.nodes.where(node, path));
		}
		String usage = aggregation.usage() + "; got " + text.trim();
		if (!aggregation.arguments().accepts(args.size())) {
			this.nodes.problem(node, path, usage);
			return null;
		}
		String field = args.get(0);
		if (!Names.isField(field)) {
			this.nodes.problem(node, path, "'" + field + "' is not a field name");
			return null;
		}
		List<Double> params = numbers(aggregation.arguments().numbers(), args.subList(1, args.size()), node, path,
				usage);
		return params == null ? null : new AggregateSpec(metric, fn, field, params, this.nodes.where(node, path));
	}

	/** The comma-separated arguments, trimmed; none for {@code fn} and {@code fn()}. */
	private static List<String> arguments(@Nullable String text) {
		List<String> args = new ArrayList<>();
		if (text != null && !text.isBlank()) {
			for (String a : text.split(",")) {
				args.add(a.trim());
			}
		}
		return args;
	}

	/** The numbers after the field, each of its kind and in range, none twice; null when one is wrong. */
	private @Nullable List<Double> numbers(Aggregation.@Nullable Parameter kind, List<String> texts, Node node,
			String path, String usage) {
		List<Double> params = new ArrayList<>();
		if (kind == null) {
			return params;
		}
		for (String p : texts) {
			String wrong = null;
			double value = Double.NaN;
			try {
				value = kind.parse(p);
			}
			catch (NumberFormatException ex) {
				wrong = "'" + p + "' is not " + kind.description();
			}
			String range = wrong == null ? kind.outOfRange(value) : null;
			if (range != null) {
				wrong = p + " " + range;
			}
			// + 0.0 makes -0.0 the 0.0 it means
			if (wrong == null && params.contains(value + 0.0)) {
				wrong = p + " is there twice";
			}
			if (wrong != null) {
				this.nodes.problem(node, path, usage + " (" + wrong + ")");
				return null;
			}
			params.add(value + 0.0);
		}
		return params;
	}

}
