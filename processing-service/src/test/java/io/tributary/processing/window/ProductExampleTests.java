package io.tributary.processing.window;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tributary.contract.Event;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.processing.route.RouteResult;
import io.tributary.processing.route.Router;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline file of PRODUCT.md runs as written: loaded from the file, routed and windowed by the
 * real route stage and engine, its distinct users and p99 latency per campaign window equal the
 * exact values (below 200 values per window both sketches are exact).
 */
class ProductExampleTests {

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	@Test
	void theProductExampleRunsAsWritten() {
		PipelineFile file = PipelineFileLoader.load(Path.of("src/test/resources/product-example.yaml"));
		Map<String, Object> campaigns = Map.of("ad-1", "camp-a", "ad-2", "camp-a", "ad-3", "camp-b");
		Router router = new Router(file, (table, key) -> campaigns.get(key), 8, Clock.fixed(T0, ZoneOffset.UTC));
		PartitionProcessor processor = new PartitionProcessor(0, file.pipelines().values());

		Random random = new Random(3);
		List<Event> events = new ArrayList<>();
		Map<String, Set<String>> users = Map.of("camp-a", new HashSet<>(), "camp-b", new HashSet<>());
		Map<String, List<Long>> latencies = Map.of("camp-a", new ArrayList<>(), "camp-b", new ArrayList<>());
		for (int i = 0; i < 150; i++) {
			String ad = "ad-" + (1 + random.nextInt(3));
			String type = (i % 5 == 0) ? "click" : "view";
			String user = "user-" + random.nextInt(40);
			long latency = random.nextInt(500);
			events.add(new Event("e-" + i, "i-" + i, "ad-events", T0.plusMillis(i * 50L), T0,
					Map.of("event_id", "e-" + i, "ad_id", ad, "event_type", type, "user_id", user, "latency_ms", latency)));
			if (type.equals("view")) {
				String campaign = (String) campaigns.get(ad);
				users.get(campaign).add(user);
				latencies.get(campaign).add(latency);
			}
		}
		RouteResult routed = router.route(events);
		assertThat(routed.deadLetters()).isEmpty();
		for (List<KeyedEvent> partition : routed.byPartition().values()) {
			for (KeyedEvent e : partition) {
				processor.process(e, T0);
			}
		}
		// all events are in [10:00:00, 10:00:10); 30 s later the idle timeout has closed the window
		Fixtures.advanceQuiet(processor, T0.plusSeconds(30));
		List<WindowResult> results = processor.checkpoint().outbox().results();

		assertThat(results).hasSize(2).allSatisfy((r) -> {
			assertThat(r.isFinal()).isTrue();
			List<Long> sorted = latencies.get(r.key()).stream().sorted().toList();
			assertThat(r.metrics().get("views")).isEqualTo((long) sorted.size());
			assertThat(r.metrics().get("users")).isEqualTo((long) users.get(r.key()).size());
			// the exact 0.99 quantile: the value at rank ceil(0.99 n)
			double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
			assertThat(((Number) r.metrics().get("p99_latency")).doubleValue()).isEqualTo(p99);
		});
	}

}
