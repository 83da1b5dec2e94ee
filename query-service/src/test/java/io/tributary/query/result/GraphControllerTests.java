package io.tributary.query.result;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import io.tributary.contract.Counts;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.GraphSpec;
import io.tributary.query.QueryConfiguration;
import io.tributary.query.pipeline.PipelineCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

/**
 * The graph endpoints over the results a graph window leaves in storage (Redis mocked): a node's
 * degree, neighbours and component, a window's largest components, the window parameter, the limit,
 * and 404 problems. The stored results are those of a small graph whose components the test finds
 * by breadth-first search.
 */
@WebMvcTest(controllers = GraphController.class,
		properties = "tributary.pipeline-file=src/test/resources/pipelines/graph-pipelines.yaml")
@Import({ QueryConfiguration.class, PipelineCatalog.class })
class GraphControllerTests {

	private static final String P = "shared-devices";

	private static final Instant W1 = Instant.parse("2026-03-01T10:00:00Z");

	private static final Instant W2 = Instant.parse("2026-03-01T11:00:00Z");

	/** Window 2's edges: a ring a1-d1-a2-d2-a1 with a3 on d2, and a lone pair a9-d9. */
	private static final String[][] EDGES = { { "a1", "d1" }, { "a2", "d1" }, { "a2", "d2" }, { "a1", "d2" },
			{ "a3", "d2" }, { "a9", "d9" } };

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ResultReader reader;

	private final Map<String, TreeSet<String>> adjacency = new TreeMap<>();

	@BeforeEach
	void storeWindowTwo() {
		for (String[] e : EDGES) {
			this.adjacency.computeIfAbsent(e[0], (n) -> new TreeSet<>()).add(e[1]);
			this.adjacency.computeIfAbsent(e[1], (n) -> new TreeSet<>()).add(e[0]);
		}
		List<TreeSet<String>> components = new ArrayList<>();
		Map<String, TreeSet<String>> componentOf = new LinkedHashMap<>();
		for (String start : this.adjacency.keySet()) {
			if (componentOf.containsKey(start)) {
				continue;
			}
			TreeSet<String> found = new TreeSet<>(List.of(start));
			Deque<String> queue = new ArrayDeque<>(found);
			while (!queue.isEmpty()) {
				for (String next : this.adjacency.get(queue.poll())) {
					if (found.add(next)) {
						queue.add(next);
					}
				}
			}
			components.add(found);
			found.forEach((n) -> componentOf.put(n, found));
		}
		components.sort((a, b) -> b.size() - a.size());
		given(this.reader.keyExists(anyString(), anyString())).willReturn(false);
		for (String node : this.adjacency.keySet()) {
			TreeSet<String> component = componentOf.get(node);
			Map<String, Object> metrics = new LinkedHashMap<>();
			metrics.put(GraphSpec.DEGREE, (long) this.adjacency.get(node).size());
			metrics.put(GraphSpec.WEIGHTED_DEGREE, 10.0 * this.adjacency.get(node).size());
			metrics.put(GraphSpec.EDGE_EVENTS, (long) this.adjacency.get(node).size());
			metrics.put(GraphSpec.COMPONENT, component.first());
			metrics.put(GraphSpec.COMPONENT_SIZE, (long) component.size());
			metrics.put(GraphSpec.NEIGHBOURS, this.adjacency.get(node)
				.stream()
				.limit(2)
				.map((n) -> Map.<String, Object>of("node", n, "events", 1L, "weight", 10.0))
				.toList());
			WindowResult result = new WindowResult(P, node, W2, W2.plusSeconds(3600), true, 3, 1, metrics,
					new Counts(1, 0, 0), null, null);
			given(this.reader.keyExists(P, node)).willReturn(true);
			given(this.reader.latest(P, node)).willReturn(Optional.of(result));
			given(this.reader.at(P, node, W2.toEpochMilli())).willReturn(Optional.of(result));
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put(GraphSpec.NODES, (long) this.adjacency.size());
		summary.put(GraphSpec.EDGES, (long) EDGES.length);
		summary.put(GraphSpec.COMPONENTS, (long) components.size());
		summary.put(GraphSpec.LARGEST_COMPONENT, (long) components.getFirst().size());
		summary.put(GraphSpec.LARGEST_COMPONENTS, components.stream()
			.map((c) -> Map.<String, Object>of("id", c.first(), "size", (long) c.size(), "members", List.copyOf(c)))
			.toList());
		WindowResult window2 = new WindowResult(P, GraphSpec.GRAPH_KEY, W2, W2.plusSeconds(3600), true, 3, 1, summary,
				new Counts(6, 0, 0), null, null);
		given(this.reader.keyExists(P, GraphSpec.GRAPH_KEY)).willReturn(true);
		given(this.reader.latest(P, GraphSpec.GRAPH_KEY)).willReturn(Optional.of(window2));
		given(this.reader.at(P, GraphSpec.GRAPH_KEY, W2.toEpochMilli())).willReturn(Optional.of(window2));
		Map<String, Object> single = new LinkedHashMap<>(summary);
		single.put(GraphSpec.LARGEST_COMPONENTS, List.of(Map.of("id", "a1", "size", 2L, "members", List.of("a1", "d1"))));
		given(this.reader.at(P, GraphSpec.GRAPH_KEY, W1.toEpochMilli())).willReturn(Optional.of(new WindowResult(P,
				GraphSpec.GRAPH_KEY, W1, W2, false, 1, 1, single, new Counts(1, 0, 0), null, null)));
	}

	@Test
	void aNodeHasItsDegreeNeighboursAndComponentInTheLatestOrAGivenWindow() {
		for (String window : new String[] { "", "?window=" + W2, "?window=" + W2.toEpochMilli() }) {
			assertThat(this.mvc.get().uri("/api/v1/pipelines/" + P + "/graph/nodes/a3" + window)).hasStatusOk()
				.hasContentType(MediaType.APPLICATION_JSON)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"pipeline": "shared-devices", "node": "a3", "windowStart": "2026-03-01T11:00:00Z",
						 "windowEnd": "2026-03-01T12:00:00Z", "final": true, "revision": 3, "degree": 1,
						 "weightedDegree": 10.0, "edgeEvents": 1,
						 "component": {"id": "a1", "size": 5, "members": ["a1", "a2", "a3", "d1", "d2"]},
						 "neighbours": [{"node": "d2", "events": 1, "weight": 10.0}]}
						""");
		}
		assertThat(this.mvc.get().uri("/api/v1/pipelines/" + P + "/graph/nodes/d9")).bodyJson()
			.extractingPath("$.component")
			.isEqualTo(Map.of("id", "a9", "size", 2, "members", List.of("a9", "d9")));
	}

	@Test
	void aWindowsLargestComponentsComeLargestFirstUpToTheLimit() {
		assertThat(this.mvc.get().uri("/api/v1/pipelines/" + P + "/graph/components")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"pipeline": "shared-devices", "windowStart": "2026-03-01T11:00:00Z", "final": true,
					 "nodes": 7, "edges": 6, "components": 2, "largestComponent": 5,
					 "items": [{"id": "a1", "size": 5, "members": ["a1", "a2", "a3", "d1", "d2"]},
					           {"id": "a9", "size": 2, "members": ["a9", "d9"]}]}
					""");
		assertThat(this.mvc.get().uri("/api/v1/pipelines/" + P + "/graph/components?limit=1")).bodyJson()
			.extractingPath("$.items.length()")
			.isEqualTo(1);
		assertThat(this.mvc.get().uri("/api/v1/pipelines/" + P + "/graph/components?window=" + W1)).bodyJson()
			.isLenientlyEqualTo("""
					{"windowStart": "2026-03-01T10:00:00Z", "final": false, "revision": 1,
					 "items": [{"id": "a1", "size": 2}]}
					""");
	}

	@Test
	void unknownPipelinesNodesAndWindowsAndPipelinesWithoutAGraphAre404Problems() {
		assertProblem("/api/v1/pipelines/nope/graph/components", HttpStatus.NOT_FOUND,
				"Unknown pipeline 'nope'; declared pipelines: [shared-devices, login-counts]");
		assertProblem("/api/v1/pipelines/login-counts/graph/nodes/a1", HttpStatus.NOT_FOUND,
				"Pipeline 'login-counts' declares no graph");
		assertProblem("/api/v1/pipelines/" + P + "/graph/nodes/zz", HttpStatus.NOT_FOUND,
				"Pipeline 'shared-devices' has no node 'zz'");
		assertProblem("/api/v1/pipelines/" + P + "/graph/nodes/*", HttpStatus.NOT_FOUND,
				"Pipeline 'shared-devices' has no node '*'");
		assertProblem("/api/v1/pipelines/" + P + "/graph/nodes/a1?window=2026-03-01T09:00:00Z", HttpStatus.NOT_FOUND,
				"Pipeline 'shared-devices' has no window starting at 2026-03-01T09:00:00Z for node 'a1'");
		assertProblem("/api/v1/pipelines/" + P + "/graph/components?window=yesterday", HttpStatus.BAD_REQUEST, null);
		assertProblem("/api/v1/pipelines/" + P + "/graph/components?limit=0", HttpStatus.BAD_REQUEST, null);
	}

	private void assertProblem(String uri, HttpStatus status, String detail) {
		var response = assertThat(this.mvc.get().uri(uri)).hasStatus(status)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (detail != null) {
			response.bodyJson().extractingPath("$.detail").isEqualTo(detail);
		}
	}

}
