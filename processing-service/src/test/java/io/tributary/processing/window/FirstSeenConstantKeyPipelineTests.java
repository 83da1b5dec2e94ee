package io.tributary.processing.window;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import io.tributary.contract.DeadLetterRecord;
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
 * {@code first-seen(field)} of a field that is not the key, under a constant key (every event in one
 * partition): "new users per window" over all users, through the real route stage, the wire and a
 * partition, against exact sets of the values seen computed here; a value is an event field, a nested
 * one, or a derived field; {@code 7} and {@code "7"} are one user; an event without the field is a dead
 * letter and changes nothing. Then the same input with client retries, broker redeliveries and crashes
 * (the partition restored from its last checkpoint, the unacknowledged input delivered again): the
 * results must not change, and the new users of all windows must be the distinct users, once each.
 */
class FirstSeenConstantKeyPipelineTests {

	private static final Logger log = LoggerFactory.getLogger(FirstSeenConstantKeyPipelineTests.class);

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final PipelineFile FILE = PipelineFileLoader.load("new-users.yaml", """
			streams:
			  logins: { id-field: id }
			pipelines:
			  new-users:
			    source: logins
			    filter: first-seen(user)
			    key-by: "'all'"
			    window: { type: tumbling, size: 1m }
			    aggregate: { new_users: count }
			    first-seen: { horizon: 6h, expected-values: 10000 }
			  logins-and-new:
			    source: logins
			    let:
			      fresh: 'first-seen(event.user) ? 1 : 0'
			    key-by: 0
			    window: { type: tumbling, size: 1m }
			    aggregate: { logins: count, new_users: sum(fresh) }
			    first-seen: { horizon: 6h, expected-values: 10000 }
			  new-accounts:
			    source: logins
			    filter: first-seen(account)
			    let:
			      account: 'event.site + "/" + string(event.user)'
			    key-by: '"all"'
			    window: { type: tumbling, size: 1m }
			    aggregate: { new_accounts: count }
			    first-seen: { horizon: 6h, expected-values: 10000 }
			  new-devices:
			    source: logins
			    filter: first-seen(device.id)
			    key-by: "'all'"
			    window: { type: tumbling, size: 1m }
			    aggregate: { new_devices: count }
			    first-seen: { horizon: 6h, expected-values: 10000 }
			""", null);

	private static final Router ROUTER = new Router(FILE, (table, key) -> null, 1,
			Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC));

	/** One generated login; {@code user} null for an anonymous one (no user field). */
	private record Login(int i, Object user, String site, String device, Instant time) {

		Event event(String ingestId) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("id", "e" + this.i);
			if (this.user != null) {
				data.put("user", this.user);
			}
			data.put("site", this.site);
			data.put("device", Map.of("id", this.device, "os", "x"));
			return new Event("e" + this.i, ingestId, "logins", this.time, this.time, data);
		}

		/** The user as the reference compares users: 7 and "7" are one. */
		String userText() {
			return String.valueOf(this.user);
		}

	}

	private static List<Login> logins(long seed, int count) {
		Random random = new Random(seed);
		List<Login> logins = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int n = random.nextInt(400);
			// users below 100 come as numbers or as their text, alike; one login in 40 has no user
			Object user = (random.nextInt(40) == 0) ? null
					: (n < 100) ? (random.nextBoolean() ? (Object) (long) n : String.valueOf(n)) : "u" + n;
			String site = random.nextBoolean() ? "web" : "app";
			logins.add(new Login(i, user, site, "d" + random.nextInt(250), T0.plusMillis(i * 1_500L)));
		}
		return logins;
	}

	/** pipeline|key|window start -> metric -> value, computed from the logins alone with exact sets. */
	private static Map<String, Map<String, Double>> reference(List<Login> logins) {
		Map<String, Map<String, Double>> expected = new HashMap<>();
		Set<String> users = new HashSet<>();
		Set<String> accounts = new HashSet<>();
		Set<String> devices = new HashSet<>();
		for (Login l : logins) {
			long start = l.time().toEpochMilli() / 60_000 * 60_000;
			if (devices.add(l.device())) {
				add(expected, "new-devices|all", start, "new_devices", 1);
			}
			if (l.user() == null) {
				// a dead letter for the pipelines that ask about the user
				continue;
			}
			boolean fresh = users.add(l.userText());
			if (fresh) {
				add(expected, "new-users|all", start, "new_users", 1);
			}
			add(expected, "logins-and-new|0", start, "logins", 1);
			add(expected, "logins-and-new|0", start, "new_users", fresh ? 1 : 0);
			if (accounts.add(l.site() + "/" + l.userText())) {
				add(expected, "new-accounts|all", start, "new_accounts", 1);
			}
		}
		return expected;
	}

	private static void add(Map<String, Map<String, Double>> results, String pipelineKey, long start, String metric,
			double value) {
		results.computeIfAbsent(pipelineKey + "|" + start, (k) -> new HashMap<>()).merge(metric, value, Double::sum);
	}


	/** What the two stages refused: the route stage's dead letters and the window stage's rejections. */
	private static final class Refused {

		final Set<String> route = new HashSet<>();

		final Set<String> window = new HashSet<>();

		final List<String> reasons = new ArrayList<>();

	}

	/** Routes a delivery and sends it over the wire as the route stage does. */
	private static List<KeyedEvent> route(List<Event> delivery, Refused refused) {
		RouteResult routed = ROUTER.route(delivery);
		for (DeadLetterRecord dead : routed.deadLetters()) {
			refused.route.add(dead.pipeline() + "|" + dead.eventId());
		}
		List<KeyedEvent> keyed = routed.byPartition().getOrDefault(0, List.of());
		byte[] wire = WireFormat.writeMessage(new KeyedBatch(0, keyed, List.of()));
		return WireFormat.read(wire, KeyedBatch.class).events();
	}

	private static void apply(PartitionProcessor processor, List<KeyedEvent> keyed, Refused refused) {
		for (KeyedEvent event : keyed) {
			try {
				processor.process(event, NOW);
			}
			catch (IllegalArgumentException ex) {
				// the window stage dead-letters it
				refused.window.add(event.pipeline() + "|" + event.eventId());
				refused.reasons.add(ex.getMessage());
			}
		}
		processor.advance(NOW);
	}

	/** The refusals the input must cause: the anonymous logins, in each pipeline that asks about the user. */
	private static void assertRefusedOnlyTheAnonymous(List<Login> logins, Refused refused) {
		Set<String> anonymous = new HashSet<>();
		logins.stream().filter((l) -> l.user() == null).forEach((l) -> anonymous.add("e" + l.i()));
		assertThat(anonymous).isNotEmpty();
		Set<String> inWindowStage = new HashSet<>();
		Set<String> inRouteStage = new HashSet<>();
		for (String id : anonymous) {
			inWindowStage.add("new-users|" + id);
			inWindowStage.add("logins-and-new|" + id);
			// the derived field the call asks about cannot be computed without the user
			inRouteStage.add("new-accounts|" + id);
		}
		assertThat(refused.window).isEqualTo(inWindowStage);
		assertThat(refused.route).isEqualTo(inRouteStage);
		assertThat(refused.reasons).allSatisfy((m) -> assertThat(m).containsAnyOf("first-seen(user) asks about no value",
				"first-seen(event.user) asks about no value"));
	}

	private static Map<String, String> differences(Map<String, Map<String, Double>> actual,
			Map<String, Map<String, Double>> expected) {
		Map<String, String> differences = new TreeMap<>();
		Set<String> keys = new HashSet<>(actual.keySet());
		keys.addAll(expected.keySet());
		for (String key : keys) {
			if (!java.util.Objects.equals(actual.get(key), expected.get(key))) {
				differences.put(key, actual.get(key) + " instead of " + expected.get(key));
			}
		}
		return differences;
	}

	@Test
	void theExamplePipelinesCompileForBothStagesAndEachRoutesToOnePartition() {
		PipelineFile example = PipelineFileLoader.load(java.nio.file.Path.of("../pipelines/new-users.yaml"));
		Router router = new Router(example, (table, key) -> null, 8, Clock.fixed(T0, ZoneOffset.UTC));
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			events.add(new Event("e" + i, "a" + i, "logins", T0, T0, Map.of("event_id", "e" + i, "user_id", "u" + i)));
		}
		RouteResult routed = router.route(events);
		assertThat(routed.deadLetters()).isEmpty();
		// each pipeline's events in one partition (a partition is chosen by pipeline and key)
		Map<String, Set<Integer>> partitions = new HashMap<>();
		Map<String, Integer> counts = new HashMap<>();
		routed.byPartition().forEach((partition, keyed) -> keyed.forEach((e) -> {
			partitions.computeIfAbsent(e.pipeline(), (k) -> new HashSet<>()).add(partition);
			counts.merge(e.pipeline(), 1, Integer::sum);
		}));
		assertThat(partitions).containsOnlyKeys("new-users", "logins-and-new-users")
			.allSatisfy((pipeline, used) -> assertThat(used).hasSize(1));
		assertThat(counts).containsOnly(Map.entry("new-users", 50), Map.entry("logins-and-new-users", 50));
		assertThat(new PartitionProcessor(0, example.pipelines().values()).stats().windows()).isZero();
	}

	@Test
	void newValuesPerWindowAreThoseOfAnExactSetOfTheValuesSeen() {
		List<Login> logins = logins(11, 2_000);
		PartitionProcessor processor = new PartitionProcessor(0, FILE.pipelines().values());
		NewestRevisions results = new NewestRevisions();
		Refused refused = new Refused();
		for (int from = 0; from < logins.size(); from += 50) {
			List<Event> delivery = logins.subList(from, Math.min(from + 50, logins.size()))
				.stream()
				.map((l) -> l.event("a" + l.i()))
				.toList();
			apply(processor, route(delivery, refused), refused);
			results.add(processor.checkpoint());
		}
		finish(processor);
		results.add(processor.checkpoint());

		Map<String, Map<String, Double>> expected = reference(logins);
		assertThat(differences(results.metrics(), expected)).isEmpty();
		assertThat(expected.keySet()).anyMatch((k) -> k.startsWith("new-users|all|"))
			.anyMatch((k) -> k.startsWith("new-accounts|all|"))
			.anyMatch((k) -> k.startsWith("new-devices|all|"));
		assertRefusedOnlyTheAnonymous(logins, refused);
	}

	@Test
	void retriesRedeliveriesAndCrashesNeitherMakeAUserNewTwiceNorHideItsFirstLogin() {
		List<Login> logins = logins(12, 3_000);
		Random random = new Random(13);
		Fixtures.FakeRedis redis = new Fixtures.FakeRedis();
		PartitionProcessor processor = new PartitionProcessor(0, FILE.pipelines().values());
		NewestRevisions results = new NewestRevisions();
		Refused refused = new Refused();
		List<Login> retried = new ArrayList<>();
		int crashes = 0;
		int redeliveries = 0;
		int retries = 0;
		for (int from = 0; from < logins.size(); from += 40) {
			List<Event> delivery = new ArrayList<>();
			for (Login l : logins.subList(from, Math.min(from + 40, logins.size()))) {
				delivery.add(l.event("a" + l.i()));
				if (random.nextInt(20) == 0) {
					retried.add(l);
				}
			}
			// a client retry of an earlier login: the same id under a new acceptance
			if (!retried.isEmpty() && random.nextBoolean()) {
				Login again = retried.remove(random.nextInt(retried.size()));
				delivery.add(random.nextInt(delivery.size()), again.event("retry-" + again.i()));
				retries++;
			}
			List<KeyedEvent> keyed = route(delivery, refused);
			apply(processor, keyed, refused);
			int fate = random.nextInt(10);
			if (fate == 0) {
				// crashed before the checkpoint: the delivery is redelivered to the restored partition
				crashes++;
				processor = restore(redis);
				apply(processor, keyed, refused);
			}
			Checkpoint checkpoint = processor.checkpoint();
			redis.apply(checkpoint);
			results.add(checkpoint);
			if (fate == 1) {
				// crashed after the checkpoint, before the ack: redelivered, and changes nothing
				redeliveries++;
				processor = restore(redis);
				apply(processor, keyed, refused);
				Checkpoint again = processor.checkpoint();
				redis.apply(again);
				results.add(again);
			}
		}
		finish(processor);
		Checkpoint last = processor.checkpoint();
		redis.apply(last);
		results.add(last);
		log.info("first-seen under a constant key: {} logins, {} retries, {} crashes before a checkpoint, "
				+ "{} redeliveries after one, {} windows", logins.size(), retries, crashes, redeliveries,
				results.newest.size());
		assertThat(crashes).isGreaterThan(3);
		assertThat(redeliveries).isGreaterThan(3);
		assertThat(retries).isGreaterThan(10);

		Map<String, Map<String, Double>> metrics = results.metrics();
		assertThat(differences(metrics, reference(logins))).isEmpty();
		Set<String> distinctUsers = new HashSet<>();
		logins.stream().filter((l) -> l.user() != null).forEach((l) -> distinctUsers.add(l.userText()));
		double newUsers = metrics.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("new-users|"))
			.mapToDouble((e) -> e.getValue().get("new_users"))
			.sum();
		assertThat(newUsers).as("every user new exactly once").isEqualTo(distinctUsers.size());
		assertRefusedOnlyTheAnonymous(logins, refused);
	}

	/** The stream went quiet, and its source says so: every window fires. */
	private static void finish(PartitionProcessor processor) {
		for (Instant now : List.of(Instant.parse("2026-03-01T12:01:00Z"), Instant.parse("2026-03-01T14:00:00Z"))) {
			processor.progress(new StreamProgress("logins", "test-ingestion", now), now);
			processor.advance(now);
		}
	}

	private static PartitionProcessor restore(Fixtures.FakeRedis redis) {
		return PartitionProcessor.restore(0, FILE.pipelines().values(), redis.snapshot(), NOW);
	}

}
