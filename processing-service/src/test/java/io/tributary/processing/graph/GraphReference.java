package io.tributary.processing.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A brute-force reference for a window's graph, computed from its edge list alone: adjacency sets,
 * components by breadth-first search (named by their smallest member), edge events per node.
 */
public final class GraphReference {

	/** One event's edge. */
	public record Edge(String from, String to, double weight) {
	}

	private final Map<String, Set<String>> adjacency = new HashMap<>();

	private final Map<String, Long> events = new HashMap<>();

	private final Map<String, Double> weights = new HashMap<>();

	private final Map<String, Long> pairEvents = new HashMap<>();

	private final Map<String, Double> pairWeights = new HashMap<>();

	private final Map<String, String> component = new HashMap<>();

	private final Map<String, Set<String>> members = new HashMap<>();

	public GraphReference(List<Edge> edges) {
		for (Edge e : edges) {
			this.adjacency.computeIfAbsent(e.from(), (n) -> new HashSet<>());
			this.adjacency.computeIfAbsent(e.to(), (n) -> new HashSet<>());
			if (e.from().equals(e.to())) {
				this.events.merge(e.from(), 1L, Long::sum);
				this.weights.merge(e.from(), e.weight(), Double::sum);
				continue;
			}
			this.adjacency.get(e.from()).add(e.to());
			this.adjacency.get(e.to()).add(e.from());
			for (String end : List.of(e.from(), e.to())) {
				this.events.merge(end, 1L, Long::sum);
				this.weights.merge(end, e.weight(), Double::sum);
			}
			this.pairEvents.merge(pair(e.from(), e.to()), 1L, Long::sum);
			this.pairWeights.merge(pair(e.from(), e.to()), e.weight(), Double::sum);
		}
		for (String start : this.adjacency.keySet()) {
			if (this.component.containsKey(start)) {
				continue;
			}
			TreeSet<String> found = new TreeSet<>();
			Deque<String> queue = new ArrayDeque<>(List.of(start));
			found.add(start);
			while (!queue.isEmpty()) {
				for (String next : this.adjacency.get(queue.poll())) {
					if (found.add(next)) {
						queue.add(next);
					}
				}
			}
			for (String member : found) {
				this.component.put(member, found.first());
			}
			this.members.put(found.first(), found);
		}
	}

	private static String pair(String a, String b) {
		return (a.compareTo(b) < 0) ? a + "\u0000" + b : b + "\u0000" + a;
	}

	public Set<String> nodes() {
		return this.adjacency.keySet();
	}

	public long edges() {
		return this.pairEvents.size();
	}

	public int degree(String node) {
		return this.adjacency.get(node).size();
	}

	public Set<String> neighbours(String node) {
		return this.adjacency.get(node);
	}

	public long events(String node) {
		return this.events.getOrDefault(node, 0L);
	}

	public double weight(String node) {
		return this.weights.getOrDefault(node, 0.0);
	}

	public long pairEvents(String a, String b) {
		return this.pairEvents.getOrDefault(pair(a, b), 0L);
	}

	public double pairWeight(String a, String b) {
		return this.pairWeights.getOrDefault(pair(a, b), 0.0);
	}

	public String componentOf(String node) {
		return this.component.get(node);
	}

	public int componentSize(String node) {
		return this.members.get(this.component.get(node)).size();
	}

	/** Component sizes, largest first. */
	public List<Integer> componentSizes() {
		List<Integer> sizes = new ArrayList<>();
		this.members.values().forEach((m) -> sizes.add(m.size()));
		sizes.sort((a, b) -> b - a);
		return sizes;
	}

	public Set<String> members(String id) {
		return this.members.get(id);
	}

}
