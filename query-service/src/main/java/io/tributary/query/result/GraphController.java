package io.tributary.query.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.GraphSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.query.pipeline.PipelineCatalog;
import io.tributary.query.web.NotFoundException;
import io.tributary.query.web.RequestParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A graph pipeline's relations: a node's degree, neighbours and component in a window, and a window's
 * largest components. Read from the results processing emits for a graph's window (one per node,
 * keyed by the node, and the window's summary under {@link GraphSpec#GRAPH_KEY}); the latest window
 * unless {@code window} names a window's start.
 */
@RestController
@RequestMapping(path = "/api/v1/pipelines/{pipeline}/graph", produces = MediaType.APPLICATION_JSON_VALUE)
class GraphController {

	private static final int DEFAULT_LIMIT = 10;

	private final PipelineCatalog catalog;

	private final ResultReader reader;

	GraphController(PipelineCatalog catalog, ResultReader reader) {
		this.catalog = catalog;
		this.reader = reader;
	}

	@GetMapping("/nodes/{node}")
	NodeView node(@PathVariable String pipeline, @PathVariable String node,
			@RequestParam(required = false) @Nullable String window) {
		graphOf(pipeline);
		if (GraphSpec.GRAPH_KEY.equals(node) || !this.reader.keyExists(pipeline, node)) {
			throw new NotFoundException("Pipeline '" + pipeline + "' has no node '" + node + "'");
		}
		WindowResult result = result(pipeline, node, window, "node '" + node + "'");
		Map<String, @Nullable Object> m = result.metrics();
		String component = String.valueOf(m.get(GraphSpec.COMPONENT));
		return new NodeView(pipeline, node, result.windowStart(), result.windowEnd(), result.isFinal(),
				result.revision(), number(m.get(GraphSpec.DEGREE)), decimal(m.get(GraphSpec.WEIGHTED_DEGREE)),
				number(m.get(GraphSpec.EDGE_EVENTS)), new ComponentRef(component,
						number(m.get(GraphSpec.COMPONENT_SIZE)), members(pipeline, result.windowStart(), component)),
				list(m.get(GraphSpec.NEIGHBOURS)));
	}

	/** The members of a component that is among its window's largest (as the summary lists them); else null. */
	private @Nullable List<String> members(String pipeline, Instant windowStart, String component) {
		WindowResult summary = this.reader.at(pipeline, GraphSpec.GRAPH_KEY, windowStart.toEpochMilli()).orElse(null);
		if (summary == null) {
			return null;
		}
		for (Map<String, Object> listed : list(summary.metrics().get(GraphSpec.LARGEST_COMPONENTS))) {
			if (component.equals(listed.get("id")) && listed.get("members") instanceof List<?> members) {
				return members.stream().map(String::valueOf).toList();
			}
		}
		return null;
	}

	@GetMapping("/components")
	ComponentsView components(@PathVariable String pipeline, @RequestParam(required = false) @Nullable String window,
			@RequestParam(required = false) @Nullable String limit) {
		GraphSpec graph = graphOf(pipeline);
		int max = RequestParameters.limit(limit, Math.min(DEFAULT_LIMIT, graph.largestComponents()),
				GraphSpec.MAX_LARGEST_COMPONENTS);
		if (!this.reader.keyExists(pipeline, GraphSpec.GRAPH_KEY)) {
			throw new NotFoundException("Pipeline '" + pipeline + "' has no graph window yet");
		}
		WindowResult result = result(pipeline, GraphSpec.GRAPH_KEY, window, "its graph");
		Map<String, @Nullable Object> m = result.metrics();
		List<Map<String, Object>> largest = list(m.get(GraphSpec.LARGEST_COMPONENTS));
		return new ComponentsView(pipeline, result.windowStart(), result.windowEnd(), result.isFinal(),
				result.revision(), number(m.get(GraphSpec.NODES)), number(m.get(GraphSpec.EDGES)),
				number(m.get(GraphSpec.COMPONENTS)), number(m.get(GraphSpec.LARGEST_COMPONENT)),
				largest.subList(0, Math.min(max, largest.size())));
	}

	private GraphSpec graphOf(String pipeline) {
		PipelineDefinition definition = this.catalog.pipeline(pipeline);
		GraphSpec graph = definition.graph();
		if (graph == null) {
			throw new NotFoundException("Pipeline '" + pipeline + "' declares no graph");
		}
		return graph;
	}

	private WindowResult result(String pipeline, String key, @Nullable String window, String what) {
		if (window == null) {
			return this.reader.latest(pipeline, key)
				.orElseThrow(() -> new NotFoundException("Pipeline '" + pipeline + "' has no window of " + what));
		}
		long start = TimeRange.millis("window", window);
		return this.reader.at(pipeline, key, start)
			.orElseThrow(() -> new NotFoundException("Pipeline '" + pipeline + "' has no window starting at "
					+ Instant.ofEpochMilli(start) + " for " + what));
	}

	private static long number(@Nullable Object value) {
		return (value instanceof Number n) ? n.longValue() : 0;
	}

	private static @Nullable Double decimal(@Nullable Object value) {
		return (value instanceof Number n) ? n.doubleValue() : null;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(@Nullable Object value) {
		return (value instanceof List<?> l) ? new ArrayList<>((List<Map<String, Object>>) l) : List.of();
	}

	/**
	 * A node's component: its id (the smallest node name in it), size (nodes), and members (at most
	 * {@value GraphSpec#MAX_LISTED_MEMBERS}, in name order) when it is among the largest its window lists.
	 */
	record ComponentRef(String id, long size, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> members) {
	}

	/**
	 * @param degree         distinct neighbours
	 * @param weightedDegree the summed weight of its edges' events; null for an unweighted graph
	 * @param edgeEvents     events that named the node
	 * @param neighbours     its top neighbours ({@code node}, {@code events}, and {@code weight} when weighted)
	 */
	record NodeView(String pipeline, String node, Instant windowStart, Instant windowEnd,
			@JsonProperty("final") boolean isFinal, long revision, long degree, @Nullable Double weightedDegree, long edgeEvents, ComponentRef component,
			List<Map<String, Object>> neighbours) {
	}

	/**
	 * @param components the window's number of components
	 * @param items      the largest, largest first ({@code id}, {@code size}, {@code edges}, {@code members}
	 *                   in name order, at most {@value GraphSpec#MAX_LISTED_MEMBERS})
	 */
	record ComponentsView(String pipeline, Instant windowStart, Instant windowEnd,
			@JsonProperty("final") boolean isFinal, long revision, long nodes, long edges, long components, long largestComponent, List<Map<String, Object>> items) {
	}

}
