package io.tributary.processing.stream;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.Event;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WindowResult;
import io.tributary.contract.WireFormat;
import io.tributary.contract.pipeline.PipelineFile;
import io.tributary.contract.pipeline.PipelineFileLoader;
import io.tributary.processing.checkpoint.PartitionLeases;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.route.RouteResult;
import io.tributary.processing.route.Router;
import io.tributary.processing.window.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash drill for {@code first-seen(user)} on the real Redis (first-seen-pipelines.yaml): the real
 * route stage keys generated shop events for eight partitions; a window stage applies them, its
 * checkpoint store failing writes now and then (before or after Redis applied them: the partition
 * is restored from Redis and the delivery applied again), and is then killed mid-stream (abandoned
 * with its leases, which expire) right after a checkpoint whose delivery it never acknowledged. A
 * second window stage takes the partitions over, restores their Bloom filters from the checkpoints
 * and gets the unacknowledged delivery again, with client retries of earlier events among the rest.
 * Every closed window is compared with a reference counted here with a {@link HashSet} of the users
 * seen: no user is first-seen twice, none is hidden, neither keyed by the user nor under a constant key
 * (every user's membership in one partition).
 */
class FirstSeenCrashDrillIT {

	private static final Logger log = LoggerFactory.getLogger(FirstSeenCrashDrillIT.class);

	private static final Instant T0 = RetryRunHarness.T0;

	private static final int PARTITIONS = 8;

	private static final List<Integer> ALL = List.of(0, 1, 2, 3, 4, 5, 6, 7);

	/** Events after this offset only close windows: their own windows are not compared. */
	private static final long CLOSING = 400_000;

	private final RetryRunHarness harness = new RetryRunHarness();

	private final PipelineFile file = PipelineFileLoader.load(Path.of("src/test/resources/first-seen-pipelines.yaml"));

	private final Router router = new Router(this.file, (table, key) -> null, PARTITIONS,
			Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));

	@AfterEach
	void cleanUp() {
		this.harness.close();
	}

	@Test
	void noUserIsFirstSeenTwiceAcrossFailedCheckpointsAKillAndRedeliveries() {
		Random random = new Random(14);
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 1_200; i++) {
			events.add(event("e" + i, "u" + random.nextInt(150), i * 300L));
		}
		List<Event> closers = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			// many keys far ahead, so that every partition's watermarks pass every window above
			closers.add(event("close" + i, "closer" + i, CLOSING + 60_000));
		}
		// deliveries of 30 events, some with a client retry (same id, new acceptance) of an earlier event
		List<byte[]> input = new ArrayList<>();
		Set<String> retried = new HashSet<>();
		for (int from = 0; from < events.size(); from += 30) {
			List<Event> delivery = new ArrayList<>(events.subList(from, from + 30));
			if (from > 0 && random.nextInt(3) == 0) {
				// a recent one, whose window is still open or within its allowed lateness
				Event earlier = events.get(from - 1 - random.nextInt(8));
				delivery.add(random.nextInt(delivery.size()), retry(earlier));
				retried.add(earlier.id());
			}
			input.addAll(route(delivery));
		}
		input.addAll(route(closers));

		RetryRunHarness.Redis redis = this.harness.redis("first-seen-drill");
		FlakyCheckpointStore storeA = new FlakyCheckpointStore(redis.template(), redis.keys(), redis.leases());
		PublishedResults published = new PublishedResults();
		WindowStage first = startWindowStage(redis.leases(), storeA, published);
		int killedAt = input.size() / 2;
		for (int i = 0; i <= killedAt; i++) {
			if (i == input.size() / 6) {
				storeA.failNext.set(2); // failed before Redis applied them
			}
			if (i == input.size() / 3) {
				storeA.failNext.set(2);
				storeA.applyBeforeFailing = true; // applied, though the client gave up
			}
			first.handle(List.of(input.get(i)));
		}
		// killed after the checkpoint of delivery killedAt, before its acknowledgement: no graceful stop,
		// its leases expire
		for (int p : ALL) {
			redis.template().delete(redis.keys().checkpointOwner(p));
		}
		PartitionLeases otherOwner = new PartitionLeases(redis.template(), redis.keys(), "second-" + redis.keys().namespace(),
				Duration.ofSeconds(15));
		RedisCheckpointStore storeB = new RedisCheckpointStore(redis.template(), redis.keys(), otherOwner);
		WindowStage second = startWindowStage(otherOwner, storeB, published);
		for (int i = killedAt; i < input.size(); i++) {
			second.handle(List.of(input.get(i)));
		}

		Map<String, Map<String, Double>> expected = reference(events);
		Map<String, Map<String, Double>> actual = finals(published.stored);
		log.info("first-seen crash drill on Redis: {} events, {} client retries, {} deliveries, {} failed checkpoint "
				+ "writes, killed after delivery {}, {} windows compared", events.size(), retried.size(), input.size(),
				storeA.failures.get(), killedAt, expected.size());
		assertThat(storeA.failures.get()).isEqualTo(4);
		assertThat(published.late).as("only a retry can come after its window closed")
			.allSatisfy((late) -> assertThat(retried).contains(late.eventId()));
		assertThat(actual).isEqualTo(expected);
		Map<String, Long> firsts = new TreeMap<>();
		actual.forEach((window, metrics) -> {
			if (window.startsWith("new-users|")) {
				firsts.merge(window.split("\\|")[1], metrics.get("fresh").longValue(), Long::sum);
			}
		});
		assertThat(firsts.values()).as("each user first-seen once").containsOnly(1L);
		assertThat(firsts).hasSize((int) events.stream().map((e) -> e.data().get("user")).distinct().count());
		double newUnderOneKey = actual.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("new-users-all|all|"))
			.mapToDouble((e) -> e.getValue().get("new_users"))
			.sum();
		assertThat(newUnderOneKey).as("each user new once under the constant key too").isEqualTo(firsts.size());
	}

	private static Event event(String id, String user, long offsetMillis) {
		Instant time = T0.plusMillis(offsetMillis);
		return new Event(id, "ingest-" + id, "shop", time, time, Map.of("id", id, "user", user, "ts", time.toString()));
	}

	private static Event retry(Event e) {
		return new Event(e.id(), "retry-" + e.ingestId(), e.stream(), e.eventTime(), e.ingestTime(), e.data());
	}

	/** One keyed message per partition, as the route stage publishes a delivery. */
	private List<byte[]> route(List<Event> delivery) {
		RouteResult routed = this.router.route(delivery);
		assertThat(routed.deadLetters()).isEmpty();
		List<byte[]> messages = new ArrayList<>();
		routed.byPartition().forEach((partition, keyed) -> messages.add(WireFormat.write(new KeyedBatch(partition,
				keyed))));
		return messages;
	}

	/** pipeline|key|window start (s after T0) -> metrics, from the events alone with an exact set. */
	private static Map<String, Map<String, Double>> reference(List<Event> events) {
		Map<String, Map<String, Double>> expected = new TreeMap<>();
		Set<Object> seen = new HashSet<>();
		for (Event e : events) {
			String user = (String) e.data().get("user");
			long start = (e.eventTime().toEpochMilli() - T0.toEpochMilli()) / 10_000 * 10;
			boolean fresh = seen.add(user);
			Map<String, Double> window = expected.computeIfAbsent("new-users|" + user + "|" + start,
					(k) -> new HashMap<>());
			window.merge("events", 1.0, Double::sum);
			window.merge("fresh", fresh ? 1.0 : 0.0, Double::sum);
			if (!fresh) {
				expected.computeIfAbsent("returning|" + user + "|" + start, (k) -> new HashMap<>())
					.merge("returning", 1.0, Double::sum);
			}
			else {
				expected.computeIfAbsent("new-users-all|all|" + start, (k) -> new HashMap<>())
					.merge("new_users", 1.0, Double::sum);
			}
		}
		return expected;
	}

	/** The final result of every window before the closing events, at its highest revision. */
	private static Map<String, Map<String, Double>> finals(List<WindowResult> stored) {
		Map<String, WindowResult> latest = new TreeMap<>();
		for (WindowResult r : stored) {
			long start = (r.windowStart().toEpochMilli() - T0.toEpochMilli()) / 1000;
			if (!r.isFinal() || start * 1000 >= CLOSING) {
				continue;
			}
			String id = r.pipeline() + "|" + r.key() + "|" + start;
			WindowResult previous = latest.get(id);
			if (previous == null || previous.revision() < r.revision()) {
				latest.put(id, r);
			}
		}
		Map<String, Map<String, Double>> finals = new TreeMap<>();
		latest.forEach((id, r) -> {
			Map<String, Double> metrics = new HashMap<>();
			r.metrics().forEach((name, value) -> metrics.put(name, ((Number) value).doubleValue()));
			finals.put(id, metrics);
		});
		return finals;
	}

	private WindowStage startWindowStage(PartitionLeases leases, RedisCheckpointStore store, PublishedResults publisher) {
		WindowStage stage = new WindowStage(ALL, this.file.pipelines().values(), Map.of(), store, leases, publisher,
				Clock.systemUTC(), new WindowStage.Timing(Duration.ofMillis(50), Duration.ofMillis(20),
						Duration.ofMillis(50), Duration.ofMinutes(1), Duration.ofSeconds(10)),
				new SimpleMeterRegistry());
		// no ticks: windows close by event time only, and the killed stage writes nothing after its kill
		stage.lifecycle().start();
		return stage;
	}

	/** Fails the next {@link #failNext} writes, as a stalled Redis times out; optionally after applying them. */
	private static final class FlakyCheckpointStore extends RedisCheckpointStore {

		final AtomicInteger failNext = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		volatile boolean applyBeforeFailing;

		FlakyCheckpointStore(StringRedisTemplate redis, RedisKeys keys, PartitionLeases leases) {
			super(redis, keys, leases);
		}

		@Override
		public long write(Checkpoint checkpoint) {
			if (this.failNext.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				this.failures.incrementAndGet();
				if (this.applyBeforeFailing) {
					super.write(checkpoint);
				}
				throw new QueryTimeoutException("Redis command timed out (test)");
			}
			return super.write(checkpoint);
		}

	}

}
