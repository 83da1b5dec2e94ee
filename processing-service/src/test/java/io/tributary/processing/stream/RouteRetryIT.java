package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.Event;
import io.tributary.contract.EventBatch;
import io.tributary.contract.KeyedBatch;
import io.tributary.contract.Partitions;
import io.tributary.contract.WireFormat;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.publish.ConfirmedPublisher;
import io.tributary.processing.route.Router;
import io.tributary.support.broker.FailureBackoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route stage whose enrichment lookups (a stalled Redis) and publishes (a broker that nacks or does
 * not confirm, once after sending part of a delivery's messages) fail for a while mid-stream, fed by
 * a consumer that behaves as the broker does: the deliveries are prefetched, and one whose handling
 * throws is requeued behind them. Its keyed batches go straight to a window stage on the real Redis.
 * A failed delivery must be retried in place and a part sent twice counted once, so the results
 * equal an independent count with nothing late. Pipeline {@code per-region} of lease-pipelines.yaml:
 * 10 s windows, 3 s allowed lateness, 1 s out-of-orderness, only event time closes windows.
 */
class RouteRetryIT {

	private static final String PIPELINE = "per-region";

	private static final Instant T0 = RetryRunHarness.T0;

	/** Users and their regions; the two regions' keys live in different partitions. */
	private static final Map<String, String> REGIONS = Map.of("u1", "eu", "u2", "us", "u3", "eu");

	private final RetryRunHarness harness = new RetryRunHarness();

	@AfterEach
	void cleanUp() {
		this.harness.close();
	}

	@Test
	void deliveriesWhoseLookupsOrPublishFailAreRetriedInPlaceAndChangeNoResult() {
		assertThat(Partitions.of(PIPELINE, "eu", 8)).as("a delivery makes two keyed batches")
			.isNotEqualTo(Partitions.of(PIPELINE, "us", 8));
		Run run = run(input());

		assertThat(run.lookupFailures.get()).as("lookups that failed").isEqualTo(3);
		assertThat(run.publishFailures.get()).as("publishes that failed, one after sending a part").isEqualTo(3);
		assertThat(run.results.late).as("late records").isEmpty();
		assertThat(run.finals()).isEqualTo(expected());
		assertThat(run.handBacks).as("never handed back, so never overtaken").isZero();
	}

	/**
	 * Six deliveries of ten events (users u1..u3 in turn), three windows' worth, each delivery of a
	 * window after the first moving the watermark past the previous window's end plus lateness, so any
	 * delivery overtaken by the next would be late; then one event at 60 s that closes the third window.
	 */
	private static List<byte[]> input() {
		List<byte[]> deliveries = new ArrayList<>();
		int id = 0;
		for (int window = 0; window < 3; window++) {
			for (int half = 0; half < 2; half++) {
				List<Event> events = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					id++;
					events.add(click("e" + id, offset(window, half, i), user(id), id));
				}
				deliveries.add(WireFormat.write(new EventBatch(events)));
			}
		}
		deliveries.add(WireFormat.write(new EventBatch(List.of(click("closer-eu", 60_000, "u1", 1_000),
				click("closer-us", 60_000, "u2", 1_000)))));
		return deliveries;
	}

	private static long offset(int window, int half, int i) {
		return window * 15_000L + half * 4_000L + i * 100L;
	}

	private static String user(int id) {
		return "u" + (1 + id % 3);
	}

	/** "region@window start (seconds after T0)" to "n/total", counted here from the input's definition. */
	private static Map<String, String> expected() {
		Map<String, long[]> counts = new TreeMap<>();
		int id = 0;
		for (int window = 0; window < 3; window++) {
			for (int half = 0; half < 2; half++) {
				for (int i = 0; i < 10; i++) {
					id++;
					long start = (offset(window, half, i) / 10_000) * 10;
					long[] c = counts.computeIfAbsent(REGIONS.get(user(id)) + "@" + start, (k) -> new long[2]);
					c[0]++;
					c[1] += id;
				}
			}
		}
		Map<String, String> expected = new TreeMap<>();
		counts.forEach((k, c) -> expected.put(k, c[0] + "/" + c[1]));
		return expected;
	}

	private static Event click(String id, long offsetMillis, String user, long amount) {
		Instant time = T0.plusMillis(offsetMillis);
		return new Event(id, "ingest-" + id, "clicks", time, time,
				Map.of("id", id, "user", user, "kind", "click", "ts", time.toString(), "amount", amount));
	}

	/**
	 * A route stage and a window stage (own namespace), fed as a prefetching consumer that requeues a
	 * failed delivery behind the rest. The third delivery meets failing lookups, the fourth failing
	 * publishes (the first of them after sending the first keyed batch).
	 */
	private Run run(List<byte[]> input) {
		RetryRunHarness.Redis redis = this.harness.redis("route-retry");
		Run run = new Run();
		run.windows = this.harness.startWindowStage(List.of(0, 1, 2, 3, 4, 5, 6, 7), redis,
				new RedisCheckpointStore(redis.template(), redis.keys(), redis.leases()), run.results);
		Router router = new Router(RetryRunHarness.pipelines(), run::lookup, 8,
				Clock.fixed(T0.plusSeconds(60), java.time.ZoneOffset.UTC));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		RouteRetries retries = new RouteRetries(FailureBackoff.sleeping(Duration.ofMillis(20), Duration.ofMillis(100)),
				Duration.ofMinutes(1), meters);
		retries.start();
		RouteStage route = new RouteStage(router, run.keyed, retries, meters);
		run.handBacks = RetryRunHarness.feed(input, (index) -> {
			// the faults meet the first delivery of the third and fourth input
			if (index == 2) {
				run.failLookups.set(3);
			}
			if (index == 3) {
				run.failPublishes.set(3);
			}
		}, route::handle);
		return run;
	}

	private static final class Run {

		final AtomicInteger failLookups = new AtomicInteger();

		final AtomicInteger lookupFailures = new AtomicInteger();

		final AtomicInteger failPublishes = new AtomicInteger();

		final AtomicInteger publishFailures = new AtomicInteger();

		int handBacks;

		WindowStage windows;

		/** The lookup table, as Redis serves it; while {@link #failLookups} counts down, as a stalled Redis. */
		Object lookup(String table, String key) {
			if (this.failLookups.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				this.lookupFailures.incrementAndGet();
				throw new QueryTimeoutException("Redis command timed out (test)");
			}
			return REGIONS.get(key);
		}

		/**
		 * The route stage's publisher: each keyed batch goes to the window stage as its partition queue
		 * would deliver it. While {@link #failPublishes} counts down the publish fails, the first time
		 * after the first keyed batch went out (its confirm lost, the rest nacked).
		 */
		final ConfirmedPublisher keyed = new ConfirmedPublisher(null) {
			@Override
			public void publishAll(List<Outgoing> messages) {
				int failing = Run.this.failPublishes.getAndUpdate((n) -> Math.max(0, n - 1));
				int sent = (failing == 3) ? 1 : (failing > 0) ? 0 : messages.size();
				for (Outgoing out : messages.subList(0, sent)) {
					KeyedBatch batch = (KeyedBatch) out.payload();
					Run.this.windows.handle(List.of(WireFormat.write(batch)));
				}
				if (failing > 0) {
					Run.this.publishFailures.incrementAndGet();
					throw new PublishException("the broker did not confirm (test)");
				}
			}
		};

		/** The window stage's publisher. */
		final PublishedResults results = new PublishedResults();

		/** "region@window start (seconds after T0)" to "n/total" of its final result at its highest revision. */
		Map<String, String> finals() {
			return this.results.finals((r) -> r.key() + "@" + PublishedResults.secondsAfter(T0, r));
		}

	}

}
