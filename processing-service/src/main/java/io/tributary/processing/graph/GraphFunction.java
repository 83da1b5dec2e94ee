package io.tributary.processing.graph;

import java.util.Map;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.aggregate.FieldPath;
import io.tributary.contract.pipeline.GraphSpec;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline's {@code graph} as the window operator uses it: a window's empty graph, what an event adds
 * to it (an edge between the values of {@code from} and {@code to}, weighted by {@code weight}), its
 * serial form, and the metrics of its results ({@link GraphMetrics}).
 */
public final class GraphFunction {

	private final FieldPath from;

	private final FieldPath to;

	private final @Nullable FieldPath weight;

	private final GraphMetrics metrics;

	public GraphFunction(GraphSpec spec) {
		this.from = new FieldPath(spec.from());
		this.to = new FieldPath(spec.to());
		this.weight = (spec.weight() == null) ? null : new FieldPath(spec.weight());
		this.metrics = new GraphMetrics(spec.topNeighbours(), spec.largestComponents(), this.weight != null);
	}

	public WindowGraph createGraph() {
		return new WindowGraph();
	}

	/**
	 * Adds the event's edge. An event without one of its ends adds nothing (and is not an error), nor
	 * one whose end is not a text or a whole number, is {@link GraphSpec#GRAPH_KEY}, or whose weight is
	 * not a finite number: those are reported by returning false so the caller can count them. A
	 * weighted graph's event without a weight adds its edge with weight 0.
	 * @return false when the event held an unusable value
	 */
	public boolean add(WindowGraph graph, KeyedEvent event) {
		Map<String, Object> values = event.values();
		Object fromValue = this.from.read(values);
		Object toValue = this.to.read(values);
		if (fromValue == null || toValue == null) {
			return true;
		}
		String a = nodeName(fromValue);
		String b = nodeName(toValue);
		double w = 0;
		if (this.weight != null) {
			Object weightValue = this.weight.read(values);
			if (weightValue != null) {
				if (!(weightValue instanceof Number n) || !Double.isFinite(n.doubleValue())) {
					return false;
				}
				w = n.doubleValue();
			}
		}
		if (a == null || b == null) {
			return false;
		}
		graph.add(a, b, w);
		return true;
	}

	/** A node's name: a non-blank text as it is, a whole number as its digits; null for anything else. */
	static @Nullable String nodeName(Object value) {
		String name = switch (value) {
			case String s -> s.isBlank() ? null : s;
			case Long l -> l.toString();
			case Integer i -> i.toString();
			case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
			default -> null;
		};
		return GraphSpec.GRAPH_KEY.equals(name) ? null : name;
	}

	public GraphMetrics metrics() {
		return this.metrics;
	}

	public Object toSerialForm(WindowGraph graph) {
		return graph.toSerialForm();
	}

	/** @throws IllegalArgumentException when the form was not written by {@link #toSerialForm} */
	public WindowGraph fromSerialForm(@Nullable Object form) {
		return WindowGraph.fromSerialForm(form);
	}

}
