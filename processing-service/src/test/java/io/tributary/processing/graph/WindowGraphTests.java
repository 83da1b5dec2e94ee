package io.tributary.processing.graph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.GraphSpec;
import io.tributary.processing.graph.GraphReference.Edge;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A window's graph and its metrics against a breadth-first reference over the same generated edges. */
class WindowGraphTests {

	private static final Logger log = LoggerFactory.getLogger(WindowGraphTests.class);

	private static final GraphSpec SPEC = new GraphSpec("account", "device", "amount", 3, 5, "t");

	/** Accounts and devices: few devices per account, some shared, so components of many sizes form. */
	static List<Edge> generate(Random random, int edges, int accounts, int devices) {
		List<Edge> list = new ArrayList<>();
		for (int i = 0; i < edges; i++) {
			String account = "a" + random.nextInt(accounts);
			String device = (random.nextInt(20) == 0) ? account : "d" + random.nextInt(devices);
			list.add(new Edge(account, device, random.nextInt(1, 100)));
		}
		return list;
	}

	private static KeyedEvent event(Edge edge, int i) {
		Map<String, Object> values = new HashMap<>();
		values.put("account", edge.from());
		values.put("device", edge.to());
		values.put("amount", (long) edge.weight());
		return new KeyedEvent("g", GraphSpec.GRAPH_KEY, "e" + i, "i" + i, Instant.EPOCH, values);
	}

	private static WindowGraph build(GraphFunction function, List<Edge> edges) {
		WindowGraph graph = function.createGraph();
		for (int i = 0; i < edges.size(); i++) {
			assertThat(function.add(graph, event(edges.get(i), i))).isTrue();
		}
		return graph;
	}

	@Test
	void degreesNeighboursAndComponentsMatchABreadthFirstReferenceOnGeneratedGraphs() {
		GraphFunction function = new GraphFunction(SPEC);
		for (int seed = 0; seed < 30; seed++) {
			Random random = new Random(seed);
			List<Edge> edges = generate(random, random.nextInt(1, 400), random.nextInt(1, 120), random.nextInt(1, 150));
			WindowGraph graph = build(function, edges);
			assertMatches(function, graph, new GraphReference(edges));
			// and again after the checkpoint's round trip
			assertMatches(function, function.fromSerialForm(function.toSerialForm(graph)), new GraphReference(edges));
		}
	}

	@Test
	void componentsAreTheSameWhateverOrderTheEdgesCameIn() {
		GraphFunction function = new GraphFunction(SPEC);
		Random random = new Random(7);
		List<Edge> edges = generate(random, 300, 150, 200);
		GraphReference reference = new GraphReference(edges);
		for (int shuffle = 0; shuffle < 10; shuffle++) {
			List<Edge> shuffled = new ArrayList<>(edges);
			java.util.Collections.shuffle(shuffled, random);
			assertMatches(function, build(function, shuffled), reference);
		}
	}

	@Test
	void afterAnEmissionOnlyTheEndsOfANewEdgeAndTheMembersOfAComponentItJoinedAreChangedThroughACheckpointToo() {
		GraphFunction function = new GraphFunction(SPEC);
		Random random = new Random(3);
		int merges = 0;
		for (int round = 0; round < 40; round++) {
			List<Edge> edges = generate(random, 120, 80, 100);
			WindowGraph graph = build(function, edges);
			assertThat(changed(function, graph)).as("every node before the first emission")
				.isEqualTo(new GraphReference(edges).nodes());
			graph.emitted();
			assertThat(changed(function, graph)).isEmpty();
			Edge late = generate(random, 1, 90, 110).getFirst();
			GraphReference before = new GraphReference(edges);
			List<Edge> after = new ArrayList<>(edges);
			after.add(late);
			GraphReference reference = new GraphReference(after);
			java.util.Set<String> expected = new java.util.TreeSet<>(List.of(late.from(), late.to()));
			boolean joined = before.nodes().contains(late.from()) && before.nodes().contains(late.to())
					&& !before.componentOf(late.from()).equals(before.componentOf(late.to()));
			boolean grew = !before.nodes().contains(late.from()) || !before.nodes().contains(late.to());
			if ((joined || grew) && !late.from().equals(late.to())) {
				expected.addAll(reference.members(reference.componentOf(late.from())));
				merges += joined ? 1 : 0;
			}
			function.add(graph, event(late, 1000));
			assertThat(changed(function, graph)).as("changed by %s", late).isEqualTo(expected);
			// a checkpoint taken before the next emission keeps what is still to emit
			assertThat(changed(function, function.fromSerialForm(function.toSerialForm(graph)))).isEqualTo(expected);
			assertMatches(function, graph, reference);
		}
		assertThat(merges).as("late edges that joined two components").isPositive();
	}

	private static java.util.Set<String> changed(GraphFunction function, WindowGraph graph) {
		java.util.Set<String> names = new java.util.TreeSet<>();
		function.metrics().eachChangedNode(graph, (node, events, metrics) -> names.add(node));
		return names;
	}

	@Test
	void eventsWithoutUsableEndsOrWeightsAddNoEdgeAndUnusableOnesAreReported() {
		GraphFunction function = new GraphFunction(SPEC);
		WindowGraph graph = function.createGraph();
		assertThat(function.add(graph, keyed(Map.of("account", "a1")))).isTrue();
		assertThat(function.add(graph, keyed(Map.of("account", "a1", "device", List.of("x"))))).isFalse();
		assertThat(function.add(graph, keyed(Map.of("account", GraphSpec.GRAPH_KEY, "device", "d1")))).isFalse();
		assertThat(function.add(graph, keyed(Map.of("account", "a1", "device", "d1", "amount", "many")))).isFalse();
		assertThat(function.add(graph, keyed(Map.of("account", "  ", "device", "d1")))).isFalse();
		assertThat(graph.nodeCount()).isZero();
		assertThat(function.add(graph, keyed(Map.of("account", 12L, "device", 3.0)))).isTrue();
		assertThat(function.metrics().node(graph, "12")).containsEntry(GraphSpec.COMPONENT, "12")
			.containsEntry(GraphSpec.COMPONENT_SIZE, 2L)
			.containsEntry(GraphSpec.WEIGHTED_DEGREE, 0.0);
	}

	private static KeyedEvent keyed(Map<String, Object> values) {
		return new KeyedEvent("g", GraphSpec.GRAPH_KEY, "e", "i", Instant.EPOCH, values);
	}

	@SuppressWarnings("unchecked")
	static void assertMatches(GraphFunction function, WindowGraph graph, GraphReference reference) {
		Map<String, Object> summary = new java.util.LinkedHashMap<>();
		function.metrics().summary(graph, summary);
		assertThat(summary.get(GraphSpec.NODES)).isEqualTo((long) reference.nodes().size());
		assertThat(summary.get(GraphSpec.EDGES)).isEqualTo(reference.edges());
		List<Integer> sizes = reference.componentSizes();
		assertThat(summary.get(GraphSpec.COMPONENTS)).isEqualTo((long) sizes.size());
		assertThat(summary.get(GraphSpec.LARGEST_COMPONENT)).isEqualTo(sizes.isEmpty() ? 0L : (long) sizes.get(0));
		List<Map<String, Object>> largest = (List<Map<String, Object>>) summary.get(GraphSpec.LARGEST_COMPONENTS);
		assertThat(largest).extracting((c) -> ((Long) c.get("size")).intValue())
			.containsExactlyElementsOf(sizes.subList(0, Math.min(5, sizes.size())));
		for (Map<String, Object> c : largest) {
			String id = (String) c.get("id");
			assertThat(reference.members(id)).as("component %s", id).isNotNull();
			assertThat((List<String>) c.get("members")).containsExactlyElementsOf(
					reference.members(id).stream().limit(GraphSpec.MAX_LISTED_MEMBERS).toList());
		}
		for (String node : reference.nodes()) {
			Map<String, Object> metrics = function.metrics().node(graph, node);
			assertThat(metrics).as("node %s", node).isNotNull();
			assertThat(metrics.get(GraphSpec.DEGREE)).isEqualTo((long) reference.degree(node));
			assertThat(metrics.get(GraphSpec.EDGE_EVENTS)).isEqualTo(reference.events(node));
			assertThat((double) metrics.get(GraphSpec.WEIGHTED_DEGREE)).isEqualTo(reference.weight(node));
			assertThat(metrics.get(GraphSpec.COMPONENT)).isEqualTo(reference.componentOf(node));
			assertThat(metrics.get(GraphSpec.COMPONENT_SIZE)).isEqualTo((long) reference.componentSize(node));
			List<Map<String, Object>> neighbours = (List<Map<String, Object>>) metrics.get(GraphSpec.NEIGHBOURS);
			assertThat(neighbours).hasSize(Math.min(3, reference.degree(node)));
			// the heaviest neighbours, heaviest first, ties by name
			List<String> expected = reference.neighbours(node)
				.stream()
				.sorted(java.util.Comparator.comparingDouble((String o) -> -reference.pairWeight(node, o))
					.thenComparing((String o) -> o))
				.limit(3)
				.toList();
			assertThat(neighbours).extracting((n) -> (String) n.get("node")).containsExactlyElementsOf(expected);
			for (Map<String, Object> n : neighbours) {
				String other = (String) n.get("node");
				assertThat(n.get("events")).isEqualTo(reference.pairEvents(node, other));
				assertThat((double) n.get("weight")).isEqualTo(reference.pairWeight(node, other));
			}
		}
		log.debug("graph of {} nodes, {} edges, {} components matches the reference", reference.nodes().size(),
				reference.edges(), sizes.size());
	}

}
