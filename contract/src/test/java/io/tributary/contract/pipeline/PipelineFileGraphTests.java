package io.tributary.contract.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A pipeline's {@code graph} as loaded, its problems where they are, and its place in the fingerprint. */
class PipelineFileGraphTests {

	private static String file(String window, String body) {
		return """
				streams:
				  logins: {}
				pipelines:
				  rings:
				    source: logins
				    window: %s
				%s""".formatted(window, body.indent(4));
	}

	private static PipelineDefinition load(String window, String body) {
		return PipelineFileLoader.load("p.yaml", file(window, body), null).pipeline("rings").orElseThrow();
	}

	private static PipelineFileException problems(String window, String body) {
		return catchThrowableOfType(PipelineFileException.class,
				() -> PipelineFileLoader.load("p.yaml", file(window, body), null));
	}

	@Test
	void aGraphLoadsWithItsDefaultsKeyedByTheGraphsKeyAndWithoutAggregations() {
		PipelineDefinition p = load("{ type: tumbling, size: 1h, allowed-lateness: 5m }",
				"graph: { from: account_id, to: device.id }");
		GraphSpec g = p.graph();
		assertThat(g).isNotNull();
		assertThat(g.from()).isEqualTo("account_id");
		assertThat(g.to()).isEqualTo("device.id");
		assertThat(g.weight()).isNull();
		assertThat(g.topNeighbours()).isEqualTo(GraphSpec.DEFAULT_TOP_NEIGHBOURS);
		assertThat(g.largestComponents()).isEqualTo(GraphSpec.DEFAULT_LARGEST_COMPONENTS);
		assertThat(g.location()).isEqualTo("p.yaml:7:12 (pipelines.rings.graph)");
		assertThat(p.keyBy().text()).isEqualTo("'*'");
		assertThat(p.aggregates()).isEmpty();
	}

	@Test
	void summaryMetricsCanBeSelectedAndAlertedOnBesideAggregations() {
		PipelineDefinition p = load("{ type: hopping, size: 1h, slide: 10m }", """
				graph:
				  from: account_id
				  to: device_id
				  weight: amount
				  top-neighbours: 3
				  largest-components: 20
				aggregate:
				  logins: count
				select:
				  share: largest_component / nodes
				alerts:
				  ring: { when: largest_component > 10, severity: critical }""");
		assertThat(p.graph()).isEqualTo(new GraphSpec("account_id", "device_id", "amount", 3, 20,
				"p.yaml:8:7 (pipelines.rings.graph)"));
		assertThat(p.alerts()).extracting(AlertRule::name).containsExactly("ring");
		assertThat(p.select()).extracting(SelectStep::name).containsExactly("share");
	}

	@Test
	void badGraphsAreReportedWhereTheyAre() {
		assertThat(problems("{ type: tumbling, size: 1h }", """
				graph:
				  from: account id
				  weight: 5x
				  top-neighbours: 0
				  largest-components: 2.5
				  colour: red""").problems()).containsExactlyInAnyOrder(
				"p.yaml:12:7: pipelines.rings.graph.colour: unknown property 'colour'; expected one of "
						+ "[from, largest-components, to, top-neighbours, weight]",
				"p.yaml:8:7: pipelines.rings.graph: 'to' is required",
				"p.yaml:8:13: pipelines.rings.graph.from: 'account id' is not a field (letters, digits, '_', dots for "
						+ "nesting, e.g. account_id)",
				"p.yaml:9:15: pipelines.rings.graph.weight: '5x' is not a field (letters, digits, '_', dots for "
						+ "nesting, e.g. account_id)",
				"p.yaml:10:23: pipelines.rings.graph.top-neighbours: '0' is not a whole number from 1 to 100",
				"p.yaml:11:27: pipelines.rings.graph.largest-components: must be a whole number");
		assertThat(problems("{ type: session, gap: 1m }", "graph: { from: a, to: b }").problems()).containsExactly(
				"p.yaml:7:12: pipelines.rings.graph: a graph needs tumbling or hopping windows (a session is one "
						+ "key's activity)");
		assertThat(problems("{ type: tumbling, size: 1h }", "key-by: account_id\ngraph: { from: a, to: b }").problems())
			.containsExactly("p.yaml:7:13: pipelines.rings.key-by: a graph pipeline keys every event to one window "
					+ "partition (its components need all of a window's edges): remove key-by");
		assertThat(problems("{ type: tumbling, size: 1h }", "graph: { from: a, to: a }").problems()).containsExactly(
				"p.yaml:7:12: pipelines.rings.graph: from and to name the same field 'a': every edge would be a loop");
		assertThat(problems("{ type: tumbling, size: 1h }", "graph: { from: a, to: b }\naggregate: { nodes: count }")
			.problems()).hasSize(1).first().asString().contains("aggregation 'nodes' is declared twice (a graph's summary metric)");
		assertThat(problems("{ type: tumbling, size: 1h }", "aggregate: { n: count }").problems())
			.containsExactly("p.yaml:5:5: pipelines.rings: 'key-by' is required");
	}

	@Test
	void theGraphsFieldsAreStateAndItsOutputSettings() {
		PipelineFingerprint plain = PipelineFingerprint.of(load("{ type: tumbling, size: 1h }",
				"graph: { from: a, to: b }"), null);
		PipelineFingerprint weighted = PipelineFingerprint.of(load("{ type: tumbling, size: 1h }",
				"graph: { from: a, to: b, weight: w }"), null);
		PipelineFingerprint wider = PipelineFingerprint.of(load("{ type: tumbling, size: 1h }",
				"graph: { from: a, to: b, top-neighbours: 9 }"), null);
		assertThat(plain.state()).containsEntry("graph", "from a to b weight -");
		assertThat(PipelineChange.between(plain, weighted).kind()).isEqualTo(PipelineChange.Kind.INCOMPATIBLE);
		assertThat(PipelineChange.between(plain, wider).kind()).isEqualTo(PipelineChange.Kind.COMPATIBLE);
	}

	@Test
	void theExampleGraphPipelineLoads() throws java.io.IOException {
		PipelineDefinition p = PipelineFileLoader.load(java.nio.file.Path.of("../examples/graph/shared-devices.yaml"))
			.pipeline("shared-devices")
			.orElseThrow();
		assertThat(p.graph()).isNotNull();
		assertThat(p.graph().from()).isEqualTo("account");
		assertThat(p.metricNames()).containsExactly("logins", "nodes", "edges", "components", "largest_component",
				"largest_components");
	}

}
