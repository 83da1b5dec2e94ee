package io.tributary.processing.window;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tributary.contract.Event;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.StreamProgress;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.processing.route.RouteResult;
import io.tributary.processing.route.Router;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code first-seen(user)} in a filter and in derived fields, through the real route stage, the wire
 * and a partition, against an exact reference (a {@link HashSet} of the users seen) computed here; then
 * the same input with client retries, broker redeliveries and crashes (the partition restored from its
 * last checkpoint and the unacknowledged input delivered again): the results must not change, and no
 * user may be first-seen twice.
 */
class FirstSeenPipelineTests {

	private static final Logger log = LoggerFactory.getLogger(FirstSeenPipelineTests.class);

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private static final PipelineFile FILE = PipelineFileLoader.load("first-seen.yaml", """
			streams:
			  shop: { id-field: id }
			pipelines:
			  first-purchase:
			    source: shop
			    filter: event.type == "purchase" && first-seen(user)
			    key-by: user
			    window: { type: tumbling, size: 1m }
			    aggregate: { firsts: count }
			    first-seen: { horizon: 6h, expected-values: 10000 }
			  returning:
			    source: shop
			    filter: '!first-seen(event.user)'
			    key-by: user
			    window: { type: tumbling, size: 1m }
			    aggregate: { returning: count }
			    first-seen: { horizon: 6h, expected-values: 10000 }
			  new-flag:
			    source: shop
			    let:
			      fresh: 'first-seen(user) ? 1 : 0'
			      new_spend: 'fresh == 1 ? event.amount : 0.0'
			    key-by: user
			    window: { type: tumbling, size: 1m }
			    aggregate: { events: count, fresh: sum(fresh), new_spend: sum(new_spend) }
			    first-seen: { horizon: 6h, expected-values: 10000 }
			""", null);

	private static final Router ROUTER = new Router(FILE, (table, key) -> null, 1,
			Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC));

	/** One generated event: who, what, when, and how much. */
	private record Sale(int i, String user, String type, Instant time, double amount) {

		Event event(String ingestId) {
			return new Event("e" + this.i, ingestId, "shop", this.time, this.time,
					Map.of("id", "e" + this.i, "user", this.user, "type", this.type, "amount", this.amount));
		}

	}

	private static List<Sale> sales(long seed, int count) {
		Random random = new Random(seed);
		List<Sale> sales = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String user = "u" + random.nextInt(300);
			String type = random.nextInt(3) == 0 ? "purchase" : "view";
			sales.add(new Sale(i, user, type, T0.plusMillis(i * 1_500L), 1 + random.nextInt(50)));
		}
		return sales;
	}

	/** pipeline|user|window start -> metric -> value, computed from the events alone with exact sets. */
	private static Map<String, Map<String, Double>> reference(List<Sale> sales) {
		Map<String, Map<String, Double>> expected = new HashMap<>();
		Set<String> purchased = new HashSet<>();
		Set<String> seen = new HashSet<>();
		for (Sale s : sales) {
			long start = s.time().toEpochMilli() / 60_000 * 60_000;
			if (s.type().equals("purchase") && purchased.add(s.user())) {
				add(expected, "first-purchase", s.user(), start, "firsts", 1);
			}
			boolean fresh = seen.add(s.user());
			if (!fresh) {
				add(expected, "returning", s.user(), start, "returning", 1);
			}
			add(expected, "new-flag", s.user(), start, "events", 1);
			add(expected, "new-flag", s.user(), start, "fresh", fresh ? 1 : 0);
			add(expected, "new-flag", s.user(), start, "new_spend", fresh ? s.amount() : 0);
		}
		return expected;
	}

	private static void add(Map<String, Map<String, Double>> results, String pipeline, String user, long start,
			String metric, double value) {
		results.computeIfAbsent(pipeline + "|" + user + "|" + start, (k) -> new HashMap<>()).merge(metric, value,
				Double::sum);
	}


	/** Routes a delivery and sends it over the wire as the route stage does. */
	private static List<KeyedEvent> route(List<Event> delivery) {
		RouteResult routed = ROUTER.route(delivery);
		assertThat(routed.deadLetters()).isEmpty();
		List<KeyedEvent> keyed = routed.byPartition().getOrDefault(0, List.of());
		byte[] wire = WireFormat.writeMessage(new KeyedBatch(0, keyed, List.of()));
		return WireFormat.read(wire, KeyedBatch.class).events();
	}

	/** The windows where the results differ from the reference, with both sides: empty when they agree. */
	private static Map<String, String> differences(Map<String, Map<String, Double>> actual,
			Map<String, Map<String, Double>> expected) {
		Map<String, String> differences = new java.util.TreeMap<>();
		Set<String> keys = new HashSet<>(actual.keySet());
		keys.addAll(expected.keySet());
		for (String key : keys) {
			if (!java.util.Objects.equals(actual.get(key), expected.get(key))) {
				differences.put(key, actual.get(key) + " instead of " + expected.get(key));
			}
		}
		return differences;
	}

	private static Map<String, Map<String, Double>> withoutZeros(Map<String, Map<String, Double>> reference) {
		Map<String, Map<String, Double>> kept = new HashMap<>();
		reference.forEach((key, values) -> {
			if (values.values().stream().anyMatch((v) -> v != 0)) {
				kept.put(key, values);
			}
		});
		return kept;
	}

	@Test
	void theExamplePipelinesCompileForBothStages() {
		PipelineFile example = PipelineFileLoader.load(java.nio.file.Path.of("../pipelines/first-purchase.yaml"));
		Router router = new Router(example, (table, key) -> null, 4, Clock.systemUTC());
		assertThat(router.isRead("shop-events")).isTrue();
		assertThat(new PartitionProcessor(0, example.pipelines().values()).stats().windows()).isZero();
	}

	@Test
	void filterAndDerivedFieldsAnswerAsAnExactSetOfTheUsersSeen() {
		List<Sale> sales = sales(1, 2_000);
		PartitionProcessor processor = new PartitionProcessor(0, FILE.pipelines().values());
		NewestRevisions results = new NewestRevisions();
		Instant now = Instant.parse("2026-03-01T12:00:00Z");
		for (int from = 0; from < sales.size(); from += 50) {
			List<Event> delivery = sales.subList(from, Math.min(from + 50, sales.size()))
				.stream()
				.map((s) -> s.event("a" + s.i()))
				.toList();
			for (KeyedEvent event : route(delivery)) {
				processor.process(event, now);
			}
			processor.advance(now);
			results.add(processor.checkpoint());
		}
		finish(processor);
		results.add(processor.checkpoint());

		Map<String, Map<String, Double>> expected = withoutZeros(reference(sales));
		assertThat(differences(results.metrics(), expected)).isEmpty();
		assertThat(expected.keySet()).anyMatch((k) -> k.startsWith("first-purchase|"))
			.anyMatch((k) -> k.startsWith("returning|"));
	}

	@Test
	void retriesRedeliveriesAndCrashesNeitherMakeAUserFirstSeenTwiceNorHideItsFirstAppearance() {
		List<Sale> sales = sales(2, 3_000);
		Random random = new Random(3);
		Fixtures.FakeRedis redis = new Fixtures.FakeRedis();
		PartitionProcessor processor = new PartitionProcessor(0, FILE.pipelines().values());
		NewestRevisions results = new NewestRevisions();
		List<Sale> retried = new ArrayList<>();
		int crashes = 0;
		int redeliveries = 0;
		for (int from = 0; from < sales.size(); from += 40) {
			List<Event> delivery = new ArrayList<>();
			for (Sale s : sales.subList(from, Math.min(from + 40, sales.size()))) {
				delivery.add(s.event("a" + s.i()));
				if (random.nextInt(20) == 0) {
					retried.add(s);
				}
			}
			// a client retry of an earlier event: the same id under a new acceptance
			if (!retried.isEmpty() && random.nextBoolean()) {
				Sale again = retried.remove(random.nextInt(retried.size()));
				delivery.add(random.nextInt(delivery.size()), again.event("retry-" + again.i()));
			}
			List<KeyedEvent> keyed = route(delivery);
			apply(processor, keyed);
			int fate = random.nextInt(10);
			if (fate == 0) {
				// crashed before the checkpoint: the delivery is redelivered to the restored partition
				crashes++;
				processor = restore(redis);
				apply(processor, keyed);
			}
			Checkpoint checkpoint = processor.checkpoint();
			redis.apply(checkpoint);
			results.add(checkpoint);
			if (fate == 1) {
				// crashed after the checkpoint, before the ack: redelivered, and changes nothing
				redeliveries++;
				processor = restore(redis);
				apply(processor, keyed);
				Checkpoint again = processor.checkpoint();
				redis.apply(again);
				results.add(again);
			}
		}
		finish(processor);
		Checkpoint last = processor.checkpoint();
		redis.apply(last);
		results.add(last);
		log.info("first-seen crash drill: {} events, {} crashes before a checkpoint, {} redeliveries after one, "
				+ "{} windows", sales.size(), crashes, redeliveries, results.newest.size());
		assertThat(crashes).isGreaterThan(3);
		assertThat(redeliveries).isGreaterThan(3);

		Map<String, Map<String, Double>> metrics = results.metrics();
		assertThat(differences(metrics, withoutZeros(reference(sales)))).isEmpty();
		Map<String, Double> firstsPerUser = new HashMap<>();
		metrics.forEach((key, values) -> {
			if (key.startsWith("new-flag|")) {
				firstsPerUser.merge(key.split("\\|")[1], values.get("fresh"), Double::sum);
			}
		});
		assertThat(firstsPerUser.values()).as("every user first-seen exactly once").containsOnly(1.0);
	}

	/** The stream went quiet, and its source says so: every window fires. */
	private static void finish(PartitionProcessor processor) {
		for (Instant now : List.of(Instant.parse("2026-03-01T12:01:00Z"), Instant.parse("2026-03-01T14:00:00Z"))) {
			processor.progress(new StreamProgress("shop", "test-ingestion", now), now);
			processor.advance(now);
		}
	}

	private static void apply(PartitionProcessor processor, List<KeyedEvent> keyed) {
		Instant now = Instant.parse("2026-03-01T12:00:00Z");
		keyed.forEach((e) -> processor.process(e, now));
		processor.advance(now);
	}

	private static PartitionProcessor restore(Fixtures.FakeRedis redis) {
		return PartitionProcessor.restore(0, FILE.pipelines().values(), redis.snapshot(),
				Instant.parse("2026-03-01T12:00:00Z"));
	}

}
