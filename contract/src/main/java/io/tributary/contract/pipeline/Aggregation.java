package io.tributary.contract.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The catalogue of aggregations a pipeline may declare: each one's name, its arguments and their
 * rules. The loader accepts exactly these and explains them with {@link #usage()}; the engine's
 * {@code AggregateFunctions.of} builds one function for each (an exhaustive switch over this enum,
 * so a new entry without a factory does not compile). It lives with the pipeline model, not with
 * the functions, so that the model does not depend on the functions that depend on it.
 */
public enum Aggregation {

	COUNT(Arguments.NONE), SUM(Arguments.FIELD), MIN(Arguments.FIELD), MAX(Arguments.FIELD), AVG(Arguments.FIELD),
	STDDEV(Arguments.FIELD), QUANTILE(Arguments.FIELD_AND_QUANTILES), DISTINCT(Arguments.FIELD),
	TOP(Arguments.FIELD_AND_K), FIRST(Arguments.FIELD), LAST(Arguments.FIELD);

	/** Every aggregation as it is written, in catalogue order: {@code count, sum(f), ...}. */
	private static final String AVAILABLE = Arrays.stream(values())
		.map(Aggregation::signature)
		.collect(Collectors.joining(", "));

	private final Arguments arguments;

	Aggregation(Arguments arguments) {
		this.arguments = arguments;
	}

	/** The aggregation written as {@code name} in a pipeline file, or null when there is none. */
	public static @Nullable Aggregation named(String name) {
		for (Aggregation aggregation : values()) {
			if (aggregation.text().equals(name)) {
				return aggregation;
			}
		}
		return null;
	}

	/** Every aggregation as it is written, e.g. {@code count, sum(f), quantile(f, q, ...), top(f, k)}. */
	public static String available() {
		return AVAILABLE;
	}

	/** The name as written in a pipeline file, e.g. {@code quantile}. */
	public String text() {
		return name().toLowerCase(Locale.ROOT);
	}

	public Arguments arguments() {
		return this.arguments;
	}

	/** How it is written, with placeholders: {@code count}, {@code sum(f)}, {@code top(f, k)}. */
	public String signature() {
		return text() + this.arguments.placeholders;
	}

	/** What it takes, with an example, as the loader explains a call with the wrong arguments. */
	public String usage() {
		String fn = text();
		return switch (this.arguments) {
			case NONE -> fn + " takes no arguments";
			case FIELD -> fn + " takes one argument, a field name, e.g. " + fn + "(latency_ms)";
			case FIELD_AND_QUANTILES -> fn + " takes a field and one or more quantiles in [0, 1], e.g. " + fn
					+ "(latency_ms, 0.5, 0.99)";
			case FIELD_AND_K -> fn + " takes a field and a number of values k from 1 to " + PipelineLimits.MAX_TOP_K
					+ ", e.g. " + fn + "(country, 10)";
		};
	}

	/** The arguments of an aggregation: none, or a field followed by numbers of one kind. */
	public enum Arguments {

		NONE("", 0, 0, null), FIELD("(f)", 1, 1, null),
		FIELD_AND_QUANTILES("(f, q, ...)", 2, Integer.MAX_VALUE, Parameter.QUANTILE),
		FIELD_AND_K("(f, k)", 2, 2, Parameter.K);

		private final String placeholders;

		private final int least;

		private final int most;

		private final @Nullable Parameter numbers;

		Arguments(String placeholders, int least, int most, @Nullable Parameter numbers) {
			this.placeholders = placeholders;
			this.least = least;
			this.most = most;
			this.numbers = numbers;
		}

		/** Whether a call with this many arguments (field included) has the right number. */
		public boolean accepts(int count) {
			return count >= this.least && count <= this.most;
		}

		public boolean takesField() {
			return this.most > 0;
		}

		/** The kind of the numbers after the field, or null when there are none. */
		public @Nullable Parameter numbers() {
			return this.numbers;
		}

	}

	/** A kind of number an aggregation takes after its field: how it is written and its range. */
	public enum Parameter {

		/** A quantile {@code q} of {@code quantile}: any number in [0, 1]. */
		QUANTILE("a number"),

		/** The {@code k} of {@code top}: a whole number from 1 to {@link PipelineLimits#MAX_TOP_K}. */
		K("a whole number");

		private final String description;

		Parameter(String description) {
			this.description = description;
		}

		/** @throws NumberFormatException when {@code text} is not written as {@link #description()} says */
		public double parse(String text) {
			return this == K ? Integer.parseInt(text) : Double.parseDouble(text);
		}

		/** What the text of such a number must be: {@code a number}, {@code a whole number}. */
		public String description() {
			return this.description;
		}

		/** Why {@code value} is out of range ({@code "is not in [0, 1]"}), or null when it is in range. */
		public @Nullable String outOfRange(double value) {
			return switch (this) {
				case QUANTILE -> (value >= 0 && value <= 1) ? null : "is not in [0, 1]";
				case K -> (value >= 1 && value <= PipelineLimits.MAX_TOP_K) ? null
						: "is not from 1 to " + PipelineLimits.MAX_TOP_K;
			};
		}

	}

}
