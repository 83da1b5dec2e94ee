package io.tributary.processing.window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.aggregate.AggregateFunction;
import io.tributary.contract.aggregate.AggregateFunctions;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.GraphSpec;
import io.tributary.contract.pipeline.MetricExpression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.SelectStep;
import io.tributary.processing.graph.GraphFunction;
import io.tributary.processing.graph.WindowGraph;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline's aggregations, its {@code graph} and {@code select} fields: the accumulators of a window
 * (the graph last, when declared), what an event adds to them and a merge of two sessions makes of
 * them, and the metrics a result carries (the graph's summary after the aggregations).
 */
final class Aggregations {

	/** The graph's entry in a checkpoint's accumulators: not a metric name, so never one of them. */
	static final String GRAPH_STATE = "~graph";

	private final String[] metrics;

	private final AggregateFunction<Object>[] functions;

	/** {@code select}: result fields computed from the metrics, in order. */
	private final String[] selectNames;

	private final MetricExpression[] selects;

	/** Null when the pipeline declares no graph. */
	private final @Nullable GraphFunction graph;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	Aggregations(PipelineDefinition definition) {
		// the model ensures at least one aggregation and unique names
		List<AggregateSpec> specs = definition.aggregates();
		this.metrics = new String[specs.size()];
		this.functions = new AggregateFunction[specs.size()];
		for (int i = 0; i < specs.size(); i++) {
			this.metrics[i] = specs.get(i).name();
			this.functions[i] = (AggregateFunction<Object>) AggregateFunctions.of(specs.get(i));
		}
		this.graph = (definition.graph() == null) ? null : new GraphFunction(definition.graph());
		List<SelectStep> select = definition.select();
		this.selectNames = new String[select.size()];
		this.selects = new MetricExpression[select.size()];
		List<String> known = new ArrayList<>(List.of(this.metrics));
		if (this.graph != null) {
			known.addAll(GraphSpec.SUMMARY_METRICS);
		}
		for (int i = 0; i < select.size(); i++) {
			this.selectNames[i] = select.get(i).name();
			this.selects[i] = MetricExpression.compile(select.get(i).expression(), known);
			known.add(this.selectNames[i]);
		}
	}

	Object[] newAccumulators() {
		Object[] accumulators = new Object[this.functions.length + ((this.graph != null) ? 1 : 0)];
		for (int i = 0; i < this.functions.length; i++) {
			accumulators[i] = this.functions[i].createAccumulator();
		}
		if (this.graph != null) {
			accumulators[this.functions.length] = this.graph.createGraph();
		}
		return accumulators;
	}

	/** The pipeline's graph function; null when it declares none. */
	@Nullable GraphFunction graph() {
		return this.graph;
	}

	/** A window's graph; null when the pipeline declares none. */
	@Nullable WindowGraph graphOf(Object[] accumulators) {
		return (this.graph == null) ? null : (WindowGraph) accumulators[this.functions.length];
	}

	/** @return how many of the event's values were skipped because they were not numbers */
	int add(Object[] accumulators, KeyedEvent event) {
		int invalid = 0;
		for (int i = 0; i < this.functions.length; i++) {
			if (!this.functions[i].add(accumulators[i], event)) {
				invalid++;
			}
		}
		if (this.graph != null && !this.graph.add((WindowGraph) accumulators[this.functions.length], event)) {
			invalid++;
		}
		return invalid;
	}

	/** Merges {@code from} into {@code into}, as two sessions that became one. */
	void merge(Object[] into, Object[] from) {
		for (int i = 0; i < this.functions.length; i++) {
			into[i] = this.functions[i].merge(into[i], from[i]);
		}
	}

	/** The window's metrics: the aggregations' results, then the select fields computed from them. */
	Map<String, @Nullable Object> results(WindowState state) {
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		for (int i = 0; i < this.functions.length; i++) {
			values.put(this.metrics[i], this.functions[i].result(state.accumulators[i]));
		}
		WindowGraph windowGraph = graphOf(state.accumulators);
		if (this.graph != null && windowGraph != null) {
			this.graph.metrics().summary(windowGraph, values);
		}
		for (int i = 0; i < this.selects.length; i++) {
			values.put(this.selectNames[i], this.selects[i].evaluate(state.key, values));
		}
		return values;
	}

	/** A window's serial forms ({@link #serialForms}) as a result carries them: without the graph's. */
	static Map<String, @Nullable Object> resultFormsOf(Map<String, @Nullable Object> serialForms) {
		if (!serialForms.containsKey(GRAPH_STATE)) {
			return serialForms;
		}
		Map<String, @Nullable Object> forms = new LinkedHashMap<>(serialForms);
		forms.remove(GRAPH_STATE);
		return forms;
	}

	/** The accumulators by metric name in their serial forms, with the graph's: what checkpoints carry. */
	Map<String, @Nullable Object> serialForms(Object[] accumulators) {
		Map<String, @Nullable Object> forms = resultForms(accumulators);
		WindowGraph windowGraph = graphOf(accumulators);
		if (this.graph != null && windowGraph != null) {
			forms.put(GRAPH_STATE, this.graph.toSerialForm(windowGraph));
		}
		return forms;
	}

	/**
	 * The aggregations' accumulators by metric name in their serial forms, as results carry them for
	 * roll-ups; a graph is left out (each node has a result of its own).
	 */
	Map<String, @Nullable Object> resultForms(Object[] accumulators) {
		Map<String, @Nullable Object> forms = new LinkedHashMap<>();
		for (int i = 0; i < this.functions.length; i++) {
			forms.put(this.metrics[i], this.functions[i].toSerialForm(accumulators[i]));
		}
		return forms;
	}

	/**
	 * Accumulators from their stored serial forms; a metric added to the pipeline since they were
	 * checkpointed starts empty.
	 * @throws IllegalArgumentException naming the state field and the metric
	 */
	Object[] restore(String field, Map<String, @Nullable Object> stored) {
		Object[] accumulators = newAccumulators();
		if (this.graph != null && stored.containsKey(GRAPH_STATE)) {
			try {
				accumulators[this.functions.length] = this.graph.fromSerialForm(stored.get(GRAPH_STATE));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("window state '" + field + "', the graph: " + ex.getMessage(), ex);
			}
		}
		for (int i = 0; i < this.functions.length; i++) {
			if (stored.containsKey(this.metrics[i])) {
				try {
					accumulators[i] = this.functions[i].fromSerialForm(stored.get(this.metrics[i]));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("window state '" + field + "', metric '" + this.metrics[i]
							+ "' (" + this.functions[i] + "): " + ex.getMessage(), ex);
				}
			}
		}
		return accumulators;
	}

}
