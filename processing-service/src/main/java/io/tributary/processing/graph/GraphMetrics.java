package io.tributary.processing.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.pipeline.GraphSpec;
import org.jspecify.annotations.Nullable;

/**
 * The metrics a window's graph is emitted as: one result per node (degree, weighted degree, edge
 * events, its component's id and size, its top neighbours) and the window's summary (nodes, edges,
 * components, the largest component's size and the largest components with their members). Names
 * are {@link GraphSpec}'s.
 */
public final class GraphMetrics {

	private final int topNeighbours;

	private final int largestComponents;

	private final boolean weighted;

	GraphMetrics(int topNeighbours, int largestComponents, boolean weighted) {
		this.topNeighbours = topNeighbours;
		this.largestComponents = largestComponents;
		this.weighted = weighted;
	}

	/** The summary's metrics, in {@link GraphSpec#SUMMARY_METRICS}' order, added to {@code into}. */
	public void summary(WindowGraph graph, Map<String, @Nullable Object> into) {
		Map<Integer, List<String>> members = new HashMap<>();
		Map<Integer, Long> edges = new HashMap<>();
		for (WindowGraph.Node node : graph.nodes()) {
			int root = graph.rootOf(node);
			members.computeIfAbsent(root, (r) -> new ArrayList<>()).add(node.name);
			// each edge counted at both ends
			edges.merge(root, (long) node.neighbours.size(), Long::sum);
		}
		List<Map.Entry<Integer, List<String>>> components = new ArrayList<>(members.entrySet());
		Map<Integer, String> ids = new HashMap<>();
		for (Map.Entry<Integer, List<String>> c : components) {
			c.getValue().sort(null);
			ids.put(c.getKey(), c.getValue().get(0));
		}
		components.sort(Comparator.<Map.Entry<Integer, List<String>>>comparingInt((c) -> c.getValue().size())
			.reversed()
			.thenComparing((c) -> ids.get(c.getKey())));
		List<Map<String, Object>> largest = new ArrayList<>();
		for (Map.Entry<Integer, List<String>> c : components.subList(0,
				Math.min(this.largestComponents, components.size()))) {
			List<String> names = c.getValue();
			Map<String, Object> component = new LinkedHashMap<>();
			component.put("id", ids.get(c.getKey()));
			component.put("size", (long) names.size());
			component.put("edges", edges.get(c.getKey()) / 2);
			component.put("members", List.copyOf(names.subList(0, Math.min(GraphSpec.MAX_LISTED_MEMBERS, names.size()))));
			largest.add(component);
		}
		into.put(GraphSpec.NODES, (long) graph.nodeCount());
		into.put(GraphSpec.EDGES, graph.edgeCount());
		into.put(GraphSpec.COMPONENTS, (long) graph.componentCount());
		into.put(GraphSpec.LARGEST_COMPONENT, components.isEmpty() ? 0L : (long) components.get(0).getValue().size());
		into.put(GraphSpec.LARGEST_COMPONENTS, largest);
	}

	/**
	 * The name, edge events and metrics of each node whose metrics changed since the window was last
	 * emitted ({@link WindowGraph#emitted()}), in the order the nodes appeared: every node the first time.
	 */
	public void eachChangedNode(WindowGraph graph, NodeConsumer consumer) {
		for (WindowGraph.Node node : graph.nodes()) {
			if (graph.changedSinceEmitted(node)) {
				consumer.accept(node.name, node.events, node(graph, node));
			}
		}
	}

	/** A node's metrics; null when the window's graph has no such node. */
	public @Nullable Map<String, @Nullable Object> node(WindowGraph graph, String name) {
		WindowGraph.Node node = graph.node(name, false);
		return (node == null) ? null : node(graph, node);
	}

	private Map<String, @Nullable Object> node(WindowGraph graph, WindowGraph.Node node) {
		Map<String, @Nullable Object> metrics = new LinkedHashMap<>();
		metrics.put(GraphSpec.DEGREE, (long) node.neighbours.size());
		if (this.weighted) {
			metrics.put(GraphSpec.WEIGHTED_DEGREE, node.weight);
		}
		metrics.put(GraphSpec.EDGE_EVENTS, node.events);
		metrics.put(GraphSpec.COMPONENT, graph.componentOf(node));
		metrics.put(GraphSpec.COMPONENT_SIZE, (long) graph.componentSizeOf(node));
		metrics.put(GraphSpec.NEIGHBOURS, neighbours(node));
		return metrics;
	}

	/** The top neighbours: heaviest first when weighted, else most events first; then by name. */
	private List<Map<String, Object>> neighbours(WindowGraph.Node node) {
		Comparator<Map.Entry<String, WindowGraph.Link>> order = this.weighted
				? Comparator.comparingDouble((Map.Entry<String, WindowGraph.Link> e) -> e.getValue().weight).reversed()
				: Comparator.comparingLong((Map.Entry<String, WindowGraph.Link> e) -> e.getValue().events).reversed();
		List<Map.Entry<String, WindowGraph.Link>> sorted = new ArrayList<>(node.neighbours.entrySet());
		sorted.sort(order.thenComparing(Map.Entry::getKey));
		List<Map<String, Object>> top = new ArrayList<>();
		for (Map.Entry<String, WindowGraph.Link> e : sorted.subList(0, Math.min(this.topNeighbours, sorted.size()))) {
			Map<String, Object> neighbour = new LinkedHashMap<>();
			neighbour.put("node", e.getKey());
			neighbour.put("events", e.getValue().events);
			if (this.weighted) {
				neighbour.put("weight", e.getValue().weight);
			}
			top.add(neighbour);
		}
		return top;
	}

	/** Receives one node's result content. */
	@FunctionalInterface
	public interface NodeConsumer {

		void accept(String node, long edgeEvents, Map<String, @Nullable Object> metrics);

	}

}
