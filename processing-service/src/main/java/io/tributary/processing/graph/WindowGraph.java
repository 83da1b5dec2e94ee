package io.tributary.processing.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The graph of one window: its nodes, each with the events and weight of its edges and its neighbours,
 * the undirected edges (one {@link Link} per pair, however many events named it), and the connected
 * components. Edges are only ever added (a late event adds one, and may merge two components), so a
 * node and its component only grow within a window. A loop (both ends one node) counts for the node but
 * is no edge and no neighbour. It also knows which nodes changed since the window was last emitted:
 * the ends of each edge added, and every member of a component that grew or merged.
 */
public final class WindowGraph {

	/** One pair of nodes: how many events named it and their summed weight. */
	static final class Link {

		long events;

		double weight;

	}

	/** One node: its number in the component forest, the events and weight of its edges, its neighbours. */
	static final class Node {

		final String name;

		final int number;

		long events;

		double weight;

		/** Its degree, edges or weight changed since the window was last emitted. */
		boolean changed = true;

		final Map<String, Link> neighbours = new HashMap<>(4);

		Node(String name, int number) {
			this.name = name;
			this.number = number;
		}

	}

	private final Map<String, Node> nodes = new HashMap<>();

	/** In the order they appeared: the forest's numbering, and the serial form's. */
	private final List<Node> byNumber = new ArrayList<>();

	private final ComponentForest forest = new ComponentForest();

	private long edges;

	/** Roots of the components that grew or merged since the window was last emitted. */
	private final java.util.BitSet changedRoots = new java.util.BitSet();

	/** Adds one event's edge between {@code from} and {@code to} with its weight (0 when unweighted). */
	public void add(String from, String to, double weight) {
		Node a = node(from);
		a.changed = true;
		if (from.equals(to)) {
			a.events++;
			a.weight += weight;
			return;
		}
		Node b = node(to);
		b.changed = true;
		Link link = a.neighbours.get(to);
		if (link == null) {
			link = new Link();
			a.neighbours.put(to, link);
			b.neighbours.put(from, link);
			this.edges++;
			if (this.forest.union(a.number, b.number)) {
				this.changedRoots.set(this.forest.find(a.number));
			}
		}
		link.events++;
		link.weight += weight;
		a.events++;
		a.weight += weight;
		b.events++;
		b.weight += weight;
	}

	private Node node(String name) {
		Node node = this.nodes.get(name);
		if (node == null) {
			node = new Node(name, this.forest.add(name));
			this.nodes.put(name, node);
			this.byNumber.add(node);
		}
		return node;
	}

	int nodeCount() {
		return this.byNumber.size();
	}

	long edgeCount() {
		return this.edges;
	}

	int componentCount() {
		return this.forest.components();
	}

	Collection<Node> nodes() {
		return this.byNumber;
	}

	@Nullable Node node(String name, boolean create) {
		return create ? node(name) : this.nodes.get(name);
	}

	/** The id of the node's component: the smallest node name in it. */
	String componentOf(Node node) {
		return this.forest.idOf(node.number);
	}

	int componentSizeOf(Node node) {
		return this.forest.sizeOf(node.number);
	}

	/** Whether the node's metrics changed since the window was last emitted (its own, or its component's). */
	boolean changedSinceEmitted(Node node) {
		return node.changed || this.changedRoots.get(this.forest.find(node.number));
	}

	/** The window was emitted: no node has changed since. */
	public void emitted() {
		for (Node node : this.byNumber) {
			node.changed = false;
		}
		this.changedRoots.clear();
	}

	/** The root of the node's component in the forest, to group nodes by component. */
	int rootOf(Node node) {
		return this.forest.find(node.number);
	}

	// serial form

	private static final String NODES = "nodes";

	private static final String LINKS = "links";

	private static final String CHANGED = "changed";

	/**
	 * The graph as checkpoints keep it: {@code nodes} as {@code [name, events, weight]} in order of
	 * appearance, {@code links} as {@code [from number, to number, events, weight]}, each pair once,
	 * and the numbers of the nodes {@code changed} since the window was last emitted (so that a
	 * restored window emits what the lost process had not).
	 */
	Map<String, Object> toSerialForm() {
		List<Integer> changed = new ArrayList<>();
		List<List<Object>> nodeForms = new ArrayList<>(this.byNumber.size());
		List<List<Object>> linkForms = new ArrayList<>((int) Math.min(this.edges, Integer.MAX_VALUE));
		for (Node node : this.byNumber) {
			nodeForms.add(List.of(node.name, node.events, node.weight));
			if (changedSinceEmitted(node)) {
				changed.add(node.number);
			}
			for (Map.Entry<String, Link> e : node.neighbours.entrySet()) {
				Node other = this.nodes.get(e.getKey());
				// each pair once: from its lower-numbered end
				if (other != null && node.number < other.number) {
					linkForms.add(List.of(node.number, other.number, e.getValue().events, e.getValue().weight));
				}
			}
		}
		return Map.of(NODES, nodeForms, LINKS, linkForms, CHANGED, changed);
	}

	/**
	 * The graph a serial form was written from.
	 * @throws IllegalArgumentException when the form was not written by {@link #toSerialForm()}
	 */
	static WindowGraph fromSerialForm(@Nullable Object form) {
		WindowGraph graph = new WindowGraph();
		if (form == null) {
			return graph;
		}
		if (!(form instanceof Map<?, ?> map) || !(map.get(NODES) instanceof List<?> nodeForms)
				|| !(map.get(LINKS) instanceof List<?> linkForms)) {
			throw new IllegalArgumentException("graph state: expected {nodes: [...], links: [...]}");
		}
		for (Object n : nodeForms) {
			if (!(n instanceof List<?> f) || f.size() != 3 || !(f.get(0) instanceof String name)) {
				throw new IllegalArgumentException("graph state: a node is not [name, events, weight]: " + n);
			}
			if (graph.nodes.containsKey(name)) {
				throw new IllegalArgumentException("graph state: node '" + name + "' twice");
			}
			Node node = graph.node(name);
			node.events = number(f.get(1)).longValue();
			node.weight = number(f.get(2)).doubleValue();
		}
		for (Object l : linkForms) {
			if (!(l instanceof List<?> f) || f.size() != 4) {
				throw new IllegalArgumentException("graph state: a link is not [from, to, events, weight]: " + l);
			}
			int a = number(f.get(0)).intValue();
			int b = number(f.get(1)).intValue();
			if (a < 0 || b < 0 || a >= graph.byNumber.size() || b >= graph.byNumber.size() || a == b) {
				throw new IllegalArgumentException("graph state: a link names no pair of nodes: " + l);
			}
			Node from = graph.byNumber.get(a);
			Node to = graph.byNumber.get(b);
			Link link = new Link();
			link.events = number(f.get(2)).longValue();
			link.weight = number(f.get(3)).doubleValue();
			if (from.neighbours.put(to.name, link) != null) {
				throw new IllegalArgumentException("graph state: link " + from.name + " - " + to.name + " twice");
			}
			to.neighbours.put(from.name, link);
			graph.edges++;
			graph.forest.union(a, b);
		}
		graph.emitted();
		if (map.get(CHANGED) instanceof List<?> changed) {
			for (Object n : changed) {
				int number = number(n).intValue();
				if (number < 0 || number >= graph.byNumber.size()) {
					throw new IllegalArgumentException("graph state: a changed node that is none: " + n);
				}
				graph.byNumber.get(number).changed = true;
			}
		}
		return graph;
	}

	private static Number number(@Nullable Object value) {
		if (value instanceof Number n) {
			return n;
		}
		throw new IllegalArgumentException("graph state: expected a number, got " + value);
	}

}
