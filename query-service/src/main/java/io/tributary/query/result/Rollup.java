package io.tributary.query.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.contract.Counts;
import io.tributary.contract.WindowResult;
import io.tributary.contract.aggregate.AggregateFunction;
import io.tributary.contract.aggregate.AggregateFunctions;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.MetricExpression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.SelectStep;
import io.tributary.query.web.UnreadableRecordException;
import org.jspecify.annotations.Nullable;

/**
 * One aggregate over many windows of a key: each window result carries the serial form of every
 * metric's accumulator, and the pipeline's own aggregate functions merge them (sums add, quantile,
 * distinct and top-k sketches merge within their error bounds). Windows must not overlap, or events
 * would count once per window they are in. Plain Java; fed one window at a time, so a long range
 * never sits in memory.
 */
final class Rollup {

	private final String pipeline;

	private final List<Metric<?>> metrics = new ArrayList<>();

	/** The pipeline's select fields, recomputed from the merged metrics (a ratio of sums, not a sum of ratios). */
	private final List<SelectStep> selects;

	private final List<MetricExpression> selectExpressions = new ArrayList<>();

	/** Metrics some window had no state for (results written before it was kept, or metrics added since). */
	private final Set<String> incomplete = new LinkedHashSet<>();

	private long windows;

	private boolean allFinal = true;

	private @Nullable Instant firstWindowStart;

	private @Nullable Instant lastWindowEnd;

	private long events;

	private long late;

	private long duplicates;

	Rollup(PipelineDefinition pipeline) {
		this.pipeline = pipeline.name();
		List<String> names = new ArrayList<>();
		for (AggregateSpec spec : pipeline.aggregates()) {
			this.metrics.add(new Metric<>(spec.name(), AggregateFunctions.of(spec)));
			names.add(spec.name());
		}
		this.selects = pipeline.select();
		for (SelectStep select : this.selects) {
			this.selectExpressions.add(MetricExpression.compile(select.expression(), names));
			names.add(select.name());
		}
	}

	/** Adds one window's result (windows in any order). */
	void add(WindowResult result) {
		this.windows++;
		this.allFinal &= result.isFinal();
		if (this.firstWindowStart == null || result.windowStart().isBefore(this.firstWindowStart)) {
			this.firstWindowStart = result.windowStart();
		}
		if (this.lastWindowEnd == null || result.windowEnd().isAfter(this.lastWindowEnd)) {
			this.lastWindowEnd = result.windowEnd();
		}
		this.events += result.counts().events();
		this.late += result.counts().late();
		this.duplicates += result.counts().duplicates();
		Map<String, @Nullable Object> state = result.state();
		for (Metric<?> metric : this.metrics) {
			if (state == null || !state.containsKey(metric.name)) {
				this.incomplete.add(metric.name);
				continue;
			}
			try {
				metric.merge(state.get(metric.name));
			}
			catch (IllegalArgumentException ex) {
				throw new UnreadableRecordException("The state of metric '" + metric.name + "' in window "
						+ result.windowStart() + " of key '" + result.key() + "' of pipeline '" + this.pipeline + "'", ex);
			}
		}
	}

	long windows() {
		return this.windows;
	}

	RollupView view(String key, @Nullable Instant from, @Nullable Instant to) {
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		for (Metric<?> metric : this.metrics) {
			values.put(metric.name, this.incomplete.contains(metric.name) ? null : metric.result());
		}
		for (int i = 0; i < this.selects.size(); i++) {
			values.put(this.selects.get(i).name(), this.selectExpressions.get(i).evaluate(key, values));
		}
		return new RollupView(this.pipeline, key, from, to, this.windows, this.windows > 0 && this.allFinal,
				this.firstWindowStart, this.lastWindowEnd, values, new Counts(this.events, this.late, this.duplicates),
				List.copyOf(this.incomplete));
	}

	private static final class Metric<A> {

		final String name;

		final AggregateFunction<A> function;

		A total;

		Metric(String name, AggregateFunction<A> function) {
			this.name = name;
			this.function = function;
			this.total = function.createAccumulator();
		}

		void merge(@Nullable Object serialForm) {
			this.total = this.function.merge(this.total, this.function.fromSerialForm(serialForm));
		}

		@Nullable Object result() {
			return this.function.result(this.total);
		}

	}

	/**
	 * A roll-up as the API serves it.
	 *
	 * @param from             the range asked for (null: open)
	 * @param to               the range asked for, exclusive (null: open)
	 * @param windows          how many windows were merged
	 * @param allFinal         whether every merged window was final (false when none was merged)
	 * @param firstWindowStart the earliest merged window's start
	 * @param lastWindowEnd    the latest merged window's end
	 * @param metrics          the merged metrics, as a window result states them, with the select
	 *                         fields computed from them
	 * @param counts           the windows' counts added up
	 * @param incomplete       metrics that some window kept no mergeable state for: null in metrics
	 */
	record RollupView(String pipeline, String key, @Nullable Instant from, @Nullable Instant to, long windows,
			boolean allFinal, @Nullable Instant firstWindowStart, @Nullable Instant lastWindowEnd,
			Map<String, @Nullable Object> metrics, Counts counts, List<String> incomplete) {
	}

}
