package io.tributary.storage.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.tributary.contract.Counts;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.storage.MutableClock;
import io.tributary.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write path in bulk against the real Redis: stores rounds of many results (with accumulator
 * state) and late events, checks every one was applied, and logs the median time of a round so
 * that a change to the write path can be compared before and after (not a benchmark: no bound).
 */
class WritePathTimingIT {

	private static final Logger log = LoggerFactory.getLogger(WritePathTimingIT.class);

	private static final int RESULTS = 2000;

	private static final int LATE = 200;

	private static final int ROUNDS = 12;

	private final String ns = TestInfrastructure.newNamespace("storage-timing-it");

	@AfterEach
	void deleteNamespace() {
		TestInfrastructure.deleteRedisNamespace(this.ns);
	}

	@Test
	void storesRoundsOfManyResultsAndLogsTheMedianTimeOfARound() {
		MutableClock clock = MutableClock.startingNow();
		RedisClient client = RedisClient.create(TestInfrastructure.redis().uri());
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			RedisAccess access = new RedisAccess() {
				@Override
				public <T> T withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, T> work) {
					return work.apply(connection.async());
				}
			};
			WriteSettings settings = new WriteSettings(new RedisKeys(this.ns),
					new Retentions(Map.of("views", Duration.ofDays(7)), Duration.ofDays(2)), Duration.ofDays(7),
					Duration.ofHours(1), 1000);
			ResultStore store = new ResultStore(settings, new ScriptRunner(access, Duration.ofSeconds(30)), clock);
			long[] nanos = new long[ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				List<ResultBatch> batches = batches(clock.instant().minusSeconds(60), round);
				long began = System.nanoTime();
				StoreOutcome outcome = store.store(batches);
				nanos[round] = System.nanoTime() - began;
				assertThat(outcome.resultsApplied()).isEqualTo(RESULTS);
				assertThat(outcome.lateRecorded()).isEqualTo(LATE);
				clock.advance(Duration.ofMillis(10));
			}
			// the first rounds warm the JIT and the script cache
			long[] measured = Arrays.copyOfRange(nanos, 4, ROUNDS);
			Arrays.sort(measured);
			log.info("write path: median {} ms per round of {} results and {} late events (rounds: {} ms)",
					String.format("%.1f", measured[measured.length / 2] / 1e6), RESULTS, LATE,
					Arrays.stream(nanos).mapToObj((n) -> String.format("%.1f", n / 1e6)).toList());
		}
		finally {
			client.shutdown();
		}
	}

	/** One round: results of 200 keys over 10 windows each (a new revision every round), late events. */
	private static List<ResultBatch> batches(Instant start, int round) {
		List<ResultBatch> batches = new ArrayList<>();
		for (int b = 0; b < 10; b++) {
			List<WindowResult> results = new ArrayList<>();
			for (int i = 0; i < RESULTS / 10; i++) {
				Instant windowStart = start.minusSeconds(10L * (i % 10));
				Map<String, Object> metrics = new LinkedHashMap<>();
				metrics.put("views", 10L + i);
				metrics.put("avg_latency", 12.5 + i);
				Map<String, Object> state = new LinkedHashMap<>();
				state.put("views", 10L + i);
				state.put("avg_latency", List.of(125.0 + i, 10L + i));
				results.add(new WindowResult("views", "k" + b + "-" + (i / 10), windowStart,
						windowStart.plusSeconds(10), true, round + 1, metrics, new Counts(10 + i, 0, 0), state));
			}
			List<LateEventRecord> late = new ArrayList<>();
			for (int i = 0; i < LATE / 10; i++) {
				late.add(new LateEventRecord("views", "k" + b + "-" + i, start, start.plusSeconds(10),
						"late-" + round + "-" + b + "-" + i, start.plusSeconds(1), start.plusSeconds(40),
						Map.of("campaign", "c")));
			}
			batches.add(new ResultBatch(results, late, List.of()));
		}
		return batches;
	}

}
