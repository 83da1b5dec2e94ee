package io.tributary.processing.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.tributary.contract.Event;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.GraphSpec;
import io.tributary.processing.graph.GraphReference;
import io.tributary.processing.graph.GraphReference.Edge;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graph pipeline on real RabbitMQ and Redis, stopped mid-stream and started again (as
 * {@code ProcessingIT} restarts the per-region pipeline), with batches redelivered on both sides of
 * the restart: every node's degree, edge events and component, and each window's summary, equal a
 * breadth-first reference over the generated edges.
 */
class GraphRestartIT {

	private static final Logger log = LoggerFactory.getLogger(GraphRestartIT.class);

	private static final String PIPELINE = "shared-devices";

	private final String ns = TestInfrastructure.newNamespace("graph-it");

	private final ProcessingTestBed bed = new ProcessingTestBed(this.ns, "src/test/resources/graph-it-pipelines.yaml",
			Map.of());

	/** The first window's start: a whole 10 s at least 40 s ahead, so no idle watermark fires it before its events are in. */
	private final Instant t0 = Instant.ofEpochMilli((System.currentTimeMillis() / 10_000) * 10_000 + 40_000);

	@AfterEach
	void close() {
		this.bed.close();
		TestInfrastructure.deleteRedisNamespace(this.ns);
	}

	private Event login(int n, Edge edge, long offsetMillis) {
		Instant time = this.t0.plusMillis(offsetMillis);
		return new Event("login-" + n, "ingest-" + n, "clicks", time, Instant.now(),
				Map.of("id", "login-" + n, "ts", time.toString(), "account", edge.from(), "device", edge.to()));
	}

	@Test
	void aRestartMidStreamWithRedeliveriesLeavesEveryNodeAndComponentAsTheReferenceSays() throws Exception {
		Random random = new Random(42);
		List<Event> events = new ArrayList<>();
		Map<Integer, List<Edge>> edges = new TreeMap<>();
		for (int i = 0; i < 240; i++) {
			// 3 windows of 10 s, in event-time order
			long offset = i * 125L;
			Edge edge = new Edge("account:" + random.nextInt(60), "device:" + random.nextInt(80), 0);
			events.add(login(i, edge, offset));
			edges.computeIfAbsent((int) (offset / 10_000), (w) -> new ArrayList<>()).add(edge);
		}
		ConfigurableApplicationContext first = this.bed.start();
		int half = events.size() / 2;
		for (int i = 0; i < half; i += 10) {
			this.bed.publish("clicks", events.subList(i, Math.min(half, i + 10)).toArray(Event[]::new));
		}
		// a broker redelivery of the last batch before the stop: same ingest ids
		this.bed.publish("clicks", events.subList(half - 10, half).toArray(Event[]::new));
		awaitCheckpointedWindows();
		this.bed.stop(first);
		this.bed.start();
		// redelivered again after the restart, then the rest
		this.bed.publish("clicks", events.subList(half - 5, half).toArray(Event[]::new));
		for (int i = half; i < events.size(); i += 10) {
			this.bed.publish("clicks", events.subList(i, Math.min(events.size(), i + 10)).toArray(Event[]::new));
		}
		assertThat(Instant.now()).as("everything published before the first window could close")
			.isBefore(this.t0.plusSeconds(10));

		Map<String, WindowResult> stored = awaitFinalSummaries(edges.size());
		int nodes = 0;
		for (Map.Entry<Integer, List<Edge>> window : edges.entrySet()) {
			GraphReference reference = new GraphReference(window.getValue());
			long start = this.t0.plusSeconds(10L * window.getKey()).toEpochMilli();
			WindowResult summary = stored.get(GraphSpec.GRAPH_KEY + "@" + start);
			assertThat(summary.metrics()).containsEntry("logins", (long) window.getValue().size())
				.containsEntry(GraphSpec.NODES, (long) reference.nodes().size())
				.containsEntry(GraphSpec.EDGES, reference.edges())
				.containsEntry(GraphSpec.COMPONENTS, (long) reference.componentSizes().size())
				.containsEntry(GraphSpec.LARGEST_COMPONENT, (long) reference.componentSizes().get(0));
			for (String node : reference.nodes()) {
				WindowResult result = stored.get(node + "@" + start);
				assertThat(result).as("node %s of window %s", node, window.getKey()).isNotNull();
				assertThat(result.isFinal()).isTrue();
				assertThat(result.metrics()).as("node %s of window %s", node, window.getKey())
					.containsEntry(GraphSpec.DEGREE, (long) reference.degree(node))
					.containsEntry(GraphSpec.EDGE_EVENTS, reference.events(node))
					.containsEntry(GraphSpec.COMPONENT, reference.componentOf(node))
					.containsEntry(GraphSpec.COMPONENT_SIZE, (long) reference.componentSize(node));
				nodes++;
			}
		}
		assertThat(stored).hasSize(nodes + edges.size());
		log.info("graph restart drill: {} logins in {} windows, {} node results, as the reference says", events.size(),
				edges.size(), nodes);
	}

	private void awaitCheckpointedWindows() throws InterruptedException {
		io.tributary.contract.RedisKeys keys = new io.tributary.contract.RedisKeys(this.ns);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			long windows = 0;
			for (int p = 0; p < 8; p++) {
				windows += this.bed.redis().opsForHash().size(keys.checkpointWindows(p));
			}
			if (windows >= 1) {
				Thread.sleep(300);
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("window state never reached Redis");
	}

	/** The highest revision of every result, by key and window start, once each window's summary is final. */
	private Map<String, WindowResult> awaitFinalSummaries(int windows) throws InterruptedException {
		Map<String, WindowResult> seen = new HashMap<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			ResultBatch batch;
			while ((batch = this.bed.nextResults()) != null) {
				for (WindowResult r : batch.results()) {
					String id = r.key() + "@" + r.windowStart().toEpochMilli();
					WindowResult previous = seen.get(id);
					if (previous == null || previous.revision() < r.revision()) {
						seen.put(id, r);
					}
				}
			}
			long finals = seen.values()
				.stream()
				.filter((r) -> r.key().equals(GraphSpec.GRAPH_KEY) && r.isFinal())
				.count();
			if (finals >= windows) {
				Thread.sleep(500);
				while ((batch = this.bed.nextResults()) != null) {
					batch.results().forEach((r) -> seen.merge(r.key() + "@" + r.windowStart().toEpochMilli(), r,
							(a, b) -> (a.revision() >= b.revision()) ? a : b));
				}
				return seen;
			}
		}
		throw new AssertionError("expected " + windows + " final graph windows, got " + seen.keySet());
	}

}
