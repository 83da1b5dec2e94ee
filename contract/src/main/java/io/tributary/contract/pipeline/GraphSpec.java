package io.tributary.contract.pipeline;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A pipeline's {@code graph}: each event is an undirected edge between the values of two fields
 * ({@code from}, {@code to}), optionally weighted by a numeric field. Per window the engine keeps
 * every edge, each node's degree and top neighbours, and the connected components (union-find).
 * Every event of a graph pipeline is keyed by {@link #GRAPH_KEY}, so one window partition holds a
 * window's whole graph; each node's result is keyed by the node, the window's summary by {@link #GRAPH_KEY}.
 *
 * @param from              the field (dotted path, a derived field first) naming one end of the edge
 * @param to                the field naming the other end
 * @param weight            a numeric field summed per edge and node; null when unweighted
 * @param topNeighbours     how many neighbours a node's result lists, heaviest (or most frequent) first
 * @param largestComponents how many components the window's summary lists, largest first
 * @param location          where in the pipeline file it is declared
 */
public record GraphSpec(String from, String to, @Nullable String weight, int topNeighbours, int largestComponents,
		String location) {

	/** The key of every event of a graph pipeline and of each window's summary result; never a node. */
	public static final String GRAPH_KEY = "*";

	public static final int DEFAULT_TOP_NEIGHBOURS = 5;

	public static final int DEFAULT_LARGEST_COMPONENTS = 10;

	public static final int MAX_TOP_NEIGHBOURS = 100;

	public static final int MAX_LARGEST_COMPONENTS = 1000;

	/** Most members a listed component names (in name order); its size counts them all. */
	public static final int MAX_LISTED_MEMBERS = 100;

	/** Metrics of a node's result. */
	public static final String DEGREE = "degree";

	public static final String WEIGHTED_DEGREE = "weighted_degree";

	public static final String EDGE_EVENTS = "edge_events";

	public static final String COMPONENT = "component";

	public static final String COMPONENT_SIZE = "component_size";

	public static final String NEIGHBOURS = "neighbours";

	/** Metrics of the window's summary result (key {@link #GRAPH_KEY}), beside the pipeline's aggregations. */
	public static final String NODES = "nodes";

	public static final String EDGES = "edges";

	public static final String COMPONENTS = "components";

	public static final String LARGEST_COMPONENT = "largest_component";

	public static final String LARGEST_COMPONENTS = "largest_components";

	/** The summary's metric names: alert rules and select fields may use them. */
	public static final List<String> SUMMARY_METRICS = List.of(NODES, EDGES, COMPONENTS, LARGEST_COMPONENT,
			LARGEST_COMPONENTS);

	/** The key-by every graph pipeline has, as an expression. */
	public static final String KEY_BY_TEXT = "'" + GRAPH_KEY + "'";

	/** @throws IllegalArgumentException when a field is not a field path or a count is out of its range */
	public GraphSpec {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		for (String field : (weight == null) ? List.of(from, to) : List.of(from, to, weight)) {
			if (!Names.isField(field)) {
				throw new IllegalArgumentException("'" + field + "' is not a field (letters, digits, '_', dots for nesting)");
			}
		}
		if (from.equals(to)) {
			throw new IllegalArgumentException("from and to name the same field '" + from + "': every edge would be a loop");
		}
		if (topNeighbours < 1 || topNeighbours > MAX_TOP_NEIGHBOURS) {
			throw new IllegalArgumentException("top-neighbours must be from 1 to " + MAX_TOP_NEIGHBOURS + ", got "
					+ topNeighbours);
		}
		if (largestComponents < 1 || largestComponents > MAX_LARGEST_COMPONENTS) {
			throw new IllegalArgumentException("largest-components must be from 1 to " + MAX_LARGEST_COMPONENTS
					+ ", got " + largestComponents);
		}
	}

	/** The fields an event must carry to the window stage. */
	public List<String> fields() {
		return (this.weight == null) ? List.of(this.from, this.to) : List.of(this.from, this.to, this.weight);
	}

}
