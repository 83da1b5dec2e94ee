package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.tributary.contract.Alert;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.GraphSpec;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import io.tributary.processing.graph.GraphReference;
import io.tributary.processing.graph.GraphReference.Edge;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.tributary.processing.window.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graph pipeline as the window operator runs it, against a breadth-first reference over each
 * window's generated edges: late edges within allowed lateness that merge components give new
 * revisions, and a crash between checkpoints (the input since the last one redelivered) changes
 * nothing in what is stored.
 */
class GraphPipelineTests {

	private static final Logger log = LoggerFactory.getLogger(GraphPipelineTests.class);

	private static final int WINDOWS = 6;

	/** 10 s windows, 5 s allowed lateness, 2 s out-of-orderness; a ring larger than 10 nodes alerts. */
	static PipelineDefinition pipeline() {
		AlertRule ring = AlertRule.threshold("ring", new Expression("largest_component > 10", "t"),
				AlertRule.Severity.CRITICAL);
		return new PipelineDefinition("logins", "s", null, List.of(), new Expression(GraphSpec.KEY_BY_TEXT, "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null, Duration.ofSeconds(5)),
				new WatermarkSpec(Duration.ofSeconds(2), Duration.ofSeconds(10)),
				List.of(new AggregateSpec("logins", "count", null, List.of(), "t")), new EmitSpec(null, true),
				Duration.ofDays(7), List.of(), List.of(), List.of(ring), null,
				new GraphSpec("account", "device", null, 3, 50, "t"));
	}

	/** One event, with the window it belongs to. */
	record Login(KeyedEvent event, int window, Edge edge) {
	}

	private static Login login(int n, String account, String device, double seconds, int window) {
		Map<String, Object> values = new HashMap<>();
		values.put("account", account);
		values.put("device", device);
		return new Login(new KeyedEvent("logins", GraphSpec.GRAPH_KEY, "e" + n, "i" + n, t(seconds), values), window,
				new Edge(account, device, 0));
	}

	/**
	 * Six windows of logins in event-time order (out of order by up to 1.5 s); while window w+1's events
	 * run from 13 s to 16 s past w's start (w has fired, and is not purged yet) come late logins into w,
	 * each joining two of its components where it has more than one.
	 * @return the input, and how many late logins merged two components
	 */
	static List<Login> generate(Random random, int[] merges) {
		List<Login> input = new ArrayList<>();
		Map<Integer, List<Edge>> edges = new HashMap<>();
		int n = 0;
		for (int w = 0; w < WINDOWS; w++) {
			List<Login> window = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				double at = w * 10 + random.nextDouble() * 9.99;
				window.add(login(n++, "a" + random.nextInt(40), "d" + random.nextInt(50), at, w));
			}
			window.sort((a, b) -> a.event().eventTime().compareTo(b.event().eventTime()));
			for (int i = 0; i + 1 < window.size(); i++) {
				if (random.nextInt(4) == 0 && window.get(i + 1).event().eventTime().toEpochMilli()
						- window.get(i).event().eventTime().toEpochMilli() < 1500) {
					java.util.Collections.swap(window, i, i + 1);
				}
			}
			for (Login login : window) {
				int previous = w - 1;
				double at = login.event().eventTime().toEpochMilli() / 1000.0 - t(0).toEpochMilli() / 1000.0;
				if (previous >= 0 && at > previous * 10 + 13 && at < previous * 10 + 16 && random.nextInt(3) == 0) {
					GraphReference before = new GraphReference(edges.get(previous));
					List<String> ids = new ArrayList<>(before.nodes().stream().map(before::componentOf).distinct().sorted().toList());
					String a;
					String b;
					if (ids.size() > 1) {
						java.util.Collections.shuffle(ids, random);
						a = ids.get(0);
						b = ids.get(1);
						merges[0]++;
					}
					else {
						a = "a" + random.nextInt(40);
						b = "d" + random.nextInt(50);
					}
					// an account of one component logs in from a device of the other (or the nodes themselves)
					Login late = login(n++, a, b, previous * 10 + random.nextDouble() * 9.99, previous);
					input.add(late);
					edges.get(previous).add(late.edge());
				}
				input.add(login);
				edges.computeIfAbsent(w, (k) -> new ArrayList<>()).add(login.edge());
			}
		}
		return input;
	}

	/** The expected stored results: each window's nodes and its summary, from all its logins. */
	private static void assertStoredMatchReference(ProcessorHarness.Store store, List<Login> input) {
		Map<Integer, List<Edge>> edges = new TreeMap<>();
		for (Login login : input) {
			edges.computeIfAbsent(login.window(), (k) -> new ArrayList<>()).add(login.edge());
		}
		int results = 0;
		for (Map.Entry<Integer, List<Edge>> window : edges.entrySet()) {
			GraphReference reference = new GraphReference(window.getValue());
			long start = t(window.getKey() * 10).toEpochMilli();
			WindowResult summary = store.results.get(new ProcessorHarness.ResultKey(GraphSpec.GRAPH_KEY, start));
			assertThat(summary).as("summary of window %s", window.getKey()).isNotNull();
			assertThat(summary.metrics()).containsEntry("logins", (long) window.getValue().size())
				.containsEntry(GraphSpec.NODES, (long) reference.nodes().size())
				.containsEntry(GraphSpec.EDGES, reference.edges())
				.containsEntry(GraphSpec.COMPONENTS, (long) reference.componentSizes().size())
				.containsEntry(GraphSpec.LARGEST_COMPONENT, (long) reference.componentSizes().get(0));
			for (String node : reference.nodes()) {
				WindowResult result = store.results.get(new ProcessorHarness.ResultKey(node, start));
				assertThat(result).as("node %s of window %s", node, window.getKey()).isNotNull();
				assertThat(result.revision()).isLessThanOrEqualTo(summary.revision());
				assertThat(result.metrics()).as("node %s of window %s", node, window.getKey())
					.containsEntry(GraphSpec.DEGREE, (long) reference.degree(node))
					.containsEntry(GraphSpec.EDGE_EVENTS, reference.events(node))
					.containsEntry(GraphSpec.COMPONENT, reference.componentOf(node))
					.containsEntry(GraphSpec.COMPONENT_SIZE, (long) reference.componentSize(node));
				assertThat(result.counts().events()).isEqualTo(reference.events(node));
				results++;
			}
		}
		// nothing else: every stored result is a node of its window or its summary
		assertThat(store.results).hasSize(results + edges.size());
	}

	@Test
	void lateLoginsMergeComponentsInANewRevisionAndTheStoredResultsMatchTheReference() {
		for (int seed = 0; seed < 5; seed++) {
			Random random = new Random(seed);
			int[] merges = new int[1];
			List<Login> input = generate(random, merges);
			ProcessorHarness run = new ProcessorHarness(0, pipeline(), Duration.ofMinutes(1));
			Instant now = Fixtures.W0;
			for (Login login : input) {
				now = now.plusMillis(1);
				run.processor.process(login.event(), now);
				run.processor.advance(now);
				if (random.nextInt(10) == 0) {
					run.checkpoint();
				}
			}
			run.finish(now);
			assertThat(merges[0]).as("late logins that joined two components").isPositive();
			assertStoredMatchReference(run.store, input);
			assertThat(run.store.published()).as("a window's summary at a later revision (its late logins)")
				.anyMatch((r) -> r.key().equals(GraphSpec.GRAPH_KEY) && r.revision() > 1);
			// a later revision re-emits the nodes a late login changed, not the whole window
			Map<String, Long> nodesPerRevision = new HashMap<>();
			run.store.published()
				.stream()
				.filter((r) -> !r.key().equals(GraphSpec.GRAPH_KEY))
				.forEach((r) -> nodesPerRevision.merge(r.windowStart() + "#" + r.revision(), 1L, Long::sum));
			assertThat(run.store.published()).as("a revision with fewer node results than its window has nodes")
				.anyMatch((r) -> r.key().equals(GraphSpec.GRAPH_KEY) && r.revision() > 1
						&& nodesPerRevision.getOrDefault(r.windowStart() + "#" + r.revision(), 0L)
								< (long) r.metrics().get(GraphSpec.NODES));
			assertThat(run.store.late).isEmpty();
			run.assertEverythingIsGoneAfterThePurge();
			log.debug("seed {}: {} logins, {} late merges, {} results stored", seed, input.size(), merges[0],
					run.store.results.size());
		}
	}

	@Test
	void aCrashBetweenCheckpointsWithTheInputRedeliveredStoresWhatTheReferenceSays() {
		for (int seed = 10; seed < 15; seed++) {
			Random random = new Random(seed);
			List<Login> input = generate(random, new int[1]);
			ProcessorHarness run = new ProcessorHarness(0, pipeline(), Duration.ofMinutes(1));
			Instant now = Fixtures.W0;
			int checkpointed = 0;
			int crashAt = input.size() / 2 + random.nextInt(input.size() / 4);
			boolean crashed = false;
			for (int i = 0; i < input.size(); i++) {
				now = now.plusMillis(1);
				run.processor.process(input.get(i).event(), now);
				run.processor.advance(now);
				if (random.nextInt(10) == 0) {
					run.checkpoint();
					checkpointed = i + 1;
				}
				if (i == crashAt && !crashed) {
					// the process dies: what it did since the last checkpoint is lost, and the broker
					// redelivers from there (and a few acknowledged ones before it, which are recognised)
					crashed = true;
					run.restart(now);
					i = Math.max(0, checkpointed - 3) - 1;
				}
			}
			assertThat(crashed).isTrue();
			run.finish(now);
			assertStoredMatchReference(run.store, input);
			run.assertEverythingIsGoneAfterThePurge();
		}
	}

	@Test
	void aRingOfAccountsSharingDevicesLargerThanTheThresholdOpensAnAlertOnTheWindowsSummary() {
		PartitionProcessor processor = new PartitionProcessor(0, List.of(pipeline()));
		int n = 0;
		// window 0: six accounts in a ring over six devices (12 nodes); window 1: two rings of 6 nodes
		for (int i = 0; i < 6; i++) {
			processor.process(login(n++, "a" + i, "d" + i, 1 + i * 0.1, 0).event(), Fixtures.W0);
			processor.process(login(n++, "a" + i, "d" + ((i + 1) % 6), 1.05 + i * 0.1, 0).event(), Fixtures.W0);
		}
		for (int ring = 0; ring < 2; ring++) {
			for (int i = 0; i < 3; i++) {
				String account = "b" + ring + i;
				processor.process(login(n++, account, "e" + ring + i, 11 + i * 0.1, 1).event(), Fixtures.W0);
				processor.process(login(n++, account, "e" + ring + ((i + 1) % 3), 11.05 + i * 0.1, 1).event(),
						Fixtures.W0);
			}
		}
		Fixtures.advanceQuiet(processor, Fixtures.W0.plusSeconds(3600));
		Checkpoint checkpoint = processor.checkpoint();
		List<Alert> alerts = checkpoint.outbox().alerts();
		// one alert (opened by window 0, resolved by window 1, which has no ring over 10)
		assertThat(alerts).isNotEmpty().extracting(Alert::id).containsOnly(alerts.getFirst().id());
		assertThat(alerts).allSatisfy((alert) -> {
			assertThat(alert.key()).isEqualTo(GraphSpec.GRAPH_KEY);
			assertThat(alert.breaches()).isEqualTo(1);
			assertThat(alert.windowEnd()).isEqualTo(t(10));
			assertThat(alert.metrics()).containsEntry(GraphSpec.LARGEST_COMPONENT, 12L);
		});
		assertThat(alerts.getLast().status()).isEqualTo(Alert.Status.resolved);
	}

}
