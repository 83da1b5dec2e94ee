package io.tributary.processing.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.contract.KeyedBatch;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.Partitions;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.WireFormat;
import io.tributary.processing.checkpoint.PartitionLeases;
import io.tributary.processing.checkpoint.RedisCheckpointStore;
import io.tributary.processing.window.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window stage on the real Redis whose checkpoint store fails a given number of writes (as during
 * a Redis stall), fed by a consumer that behaves as the broker does: the batches are prefetched, and
 * a batch whose delivery throws is requeued behind them. A failed batch must be retried in place, so
 * that the results equal a run without faults and an independent count: nothing late, nothing twice.
 * Pipeline {@code per-region} of lease-pipelines.yaml: 10 s windows, 3 s allowed lateness, 1 s
 * out-of-orderness, an idle timeout of an hour (only event time closes windows).
 */
class CheckpointRetryIT {

	private static final String PIPELINE = "per-region";

	private static final int EU = Partitions.of(PIPELINE, "eu", 8);

	private static final Instant T0 = RetryRunHarness.T0;

	private final RetryRunHarness harness = new RetryRunHarness();

	@AfterEach
	void cleanUp() {
		this.harness.close();
	}

	@Test
	void aBatchWhoseCheckpointFailsIsRetriedInPlaceAndNotOvertakenByTheBatchesBehindIt() {
		List<byte[]> input = input();

		Run reference = run(input, 0, false);
		Run faulty = run(input, 3, false);

		assertThat(faulty.store.failures.get()).isEqualTo(3);
		assertThat(faulty.handBacks).as("never handed back, so never overtaken").isZero();
		assertThat(faulty.results.late).isEmpty();
		assertThat(faulty.finals()).isEqualTo(reference.finals()).isEqualTo(expected());
	}

	@Test
	void aCheckpointThatRedisAppliedThoughTheClientGaveUpCountsTheBatchOnce() {
		List<byte[]> input = input();

		// a timed-out EXEC that still ran: the retry restores a checkpoint that already has the batch
		Run faulty = run(input, 2, true);

		assertThat(faulty.store.failures.get()).isEqualTo(2);
		assertThat(faulty.results.late).isEmpty();
		assertThat(faulty.finals()).isEqualTo(expected());
	}

	@Test
	void withGroupCommitEveryUncommittedBatchIsAppliedAgainOnTheRestoredStateWhenTheirCheckpointFails() {
		List<byte[]> input = input();

		// the first two batches wait for a checkpoint; the third fires a window, and its checkpoint,
		// covering all three, fails three times: the state is dropped and all three are replayed
		Run faulty = runGrouped(input, 3);

		assertThat(faulty.store.failures.get()).isEqualTo(3);
		assertThat(faulty.handBacks).isZero();
		assertThat(faulty.results.late).isEmpty();
		assertThat(faulty.finals()).isEqualTo(expected());
		assertThat(faulty.committed).hasSize(input.size()).allSatisfy((f) -> assertThat(f).isCompleted());
		// one checkpoint per firing (each window's second half fires the one before; the closer the
		// third), plus the failed attempts and the tick's: not one per batch
		assertThat(faulty.store.writes.get()).isLessThan(input.size() + faulty.store.failures.get());
	}

	@Test
	void withGroupCommitABatchWithoutOutputWaitsForTheIntervalOrATickAndOneWithAResultDoesNot() {
		List<byte[]> input = input();
		RetryRunHarness.Redis redis = this.harness.redis("ckpt-group");
		FlakyCheckpointStore store = new FlakyCheckpointStore(redis.template(), redis.keys(), redis.leases(), false);
		PublishedResults results = new PublishedResults();
		WindowStage stage = this.harness.startWindowStage(List.of(EU), redis, store, results);
		stage.groupCommit(new GroupCommit(Duration.ofMinutes(1), 1000));

		CompletableFuture<Void> first = stage.accept(List.of(input.get(0)));
		CompletableFuture<Void> second = stage.accept(List.of(input.get(1)));

		assertThat(first).isNotDone();
		assertThat(second).isNotDone();
		assertThat(store.writes.get()).isZero();

		stage.tick();

		assertThat(first).isCompleted();
		assertThat(second).isCompleted();
		assertThat(store.writes.get()).isEqualTo(1);

		// the third batch's watermark passes the first window's end: its result goes out at once
		CompletableFuture<Void> third = stage.accept(List.of(input.get(2)));

		assertThat(third).isCompleted();
		assertThat(store.writes.get()).isEqualTo(2);
		Map<Long, String> finals = results.finals((r) -> PublishedResults.secondsAfter(T0, r));
		assertThat(finals.get(0L)).isEqualTo(expected().get(0L));
	}

	@Test
	void withGroupCommitTheUnacknowledgedMessagesBoundHowManyBatchesWait() {
		List<byte[]> input = input();
		RetryRunHarness.Redis redis = this.harness.redis("ckpt-bound");
		FlakyCheckpointStore store = new FlakyCheckpointStore(redis.template(), redis.keys(), redis.leases(), false);
		WindowStage stage = this.harness.startWindowStage(List.of(EU), redis, store, new PublishedResults());
		stage.groupCommit(new GroupCommit(Duration.ofMinutes(1), 2));

		CompletableFuture<Void> first = stage.accept(List.of(input.get(0)));

		assertThat(first).isNotDone();

		// the second makes two unacknowledged messages: the bound, so both are committed
		CompletableFuture<Void> second = stage.accept(List.of(input.get(1)));

		assertThat(second).isCompleted();
		assertThat(first).isCompleted();
		assertThat(store.writes.get()).isEqualTo(1);
	}

	/** As {@link #run}, the batches given to {@link WindowStage#accept} with a group commit that waits for firings and ticks. */
	private Run runGrouped(List<byte[]> input, int failWrites) {
		RetryRunHarness.Redis redis = this.harness.redis("ckpt-grouped");
		FlakyCheckpointStore store = new FlakyCheckpointStore(redis.template(), redis.keys(), redis.leases(), false);
		Run run = new Run(store);
		WindowStage stage = this.harness.startWindowStage(List.of(EU), redis, store, run.results);
		stage.groupCommit(new GroupCommit(Duration.ofMinutes(1), 1000));
		run.handBacks = RetryRunHarness.feed(input, (index) -> {
			if (index == 2) {
				store.failNext.set(failWrites);
			}
		}, (delivery) -> {
			CompletableFuture<Void> committed = stage.accept(delivery);
			run.committed.add(committed);
			if (committed.isCompletedExceptionally()) {
				committed.join();
			}
		});
		stage.tick();
		return run;
	}

	/**
	 * Six batches: three windows' events, each batch of a window after the first moving the watermark
	 * past the previous window's end plus lateness, so any batch overtaken by the next would be late;
	 * then one event at 60 s that closes the third window.
	 */
	private static List<byte[]> input() {
		List<byte[]> batches = new ArrayList<>();
		int id = 0;
		for (int window = 0; window < 3; window++) {
			for (int half = 0; half < 2; half++) {
				List<KeyedEvent> events = new ArrayList<>();
				for (int i = 0; i < 5; i++) {
					long offset = window * 15_000L + half * 4_000L + i * 100L;
					events.add(event("e" + (id++), offset, id));
				}
				batches.add(WireFormat.write(new KeyedBatch(EU, events)));
			}
		}
		batches.add(WireFormat.write(new KeyedBatch(EU, List.of(event("closer", 60_000, 1_000)))));
		return batches;
	}

	/** Window start (seconds after T0) to "n/total" of the windows that closed, computed independently of the stage. */
	private static Map<Long, String> expected() {
		Map<Long, String> expected = new TreeMap<>();
		int id = 0;
		for (int window = 0; window < 3; window++) {
			for (int half = 0; half < 2; half++) {
				for (int i = 0; i < 5; i++) {
					long offset = window * 15_000L + half * 4_000L + i * 100L;
					id++;
					long start = (offset / 10_000) * 10;
					String[] parts = expected.getOrDefault(start, "0/0").split("/");
					expected.put(start, (Long.parseLong(parts[0]) + 1) + "/" + (Long.parseLong(parts[1]) + id));
				}
			}
		}
		return expected;
	}

	private static KeyedEvent event(String id, long offsetMillis, long amount) {
		return new KeyedEvent(PIPELINE, "eu", id, "ingest-" + id, T0.plusMillis(offsetMillis), Map.of("amount", amount));
	}

	/** One stage in its own namespace, fed as a prefetching consumer that requeues failed batches behind the rest. */
	private Run run(List<byte[]> input, int failWrites, boolean applyBeforeFailing) {
		RetryRunHarness.Redis redis = this.harness.redis("ckpt-retry");
		FlakyCheckpointStore store = new FlakyCheckpointStore(redis.template(), redis.keys(), redis.leases(),
				applyBeforeFailing);
		Run run = new Run(store);
		WindowStage stage = this.harness.startWindowStage(List.of(EU), redis, store, run.results);
		run.handBacks = RetryRunHarness.feed(input, (index) -> {
			if (index == 2) {
				// the third batch meets a Redis that does not answer
				store.failNext.set(failWrites);
			}
		}, stage::handle);
		return run;
	}

	private static final class Run {

		final FlakyCheckpointStore store;

		final PublishedResults results = new PublishedResults();

		int handBacks;

		final List<CompletableFuture<Void>> committed = new ArrayList<>();

		Run(FlakyCheckpointStore store) {
			this.store = store;
		}

		/** Window start (seconds after T0) to "n/total" of its final result at its highest revision. */
		Map<Long, String> finals() {
			return this.results.finals((r) -> PublishedResults.secondsAfter(T0, r));
		}

	}

	/** Fails the next {@link #failNext} writes, as a stalled Redis times out; optionally after applying them. */
	private static final class FlakyCheckpointStore extends RedisCheckpointStore {

		final AtomicInteger failNext = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		final AtomicInteger writes = new AtomicInteger();

		private final boolean applyBeforeFailing;

		FlakyCheckpointStore(StringRedisTemplate redis, RedisKeys keys, PartitionLeases leases, boolean applyBeforeFailing) {
			super(redis, keys, leases);
			this.applyBeforeFailing = applyBeforeFailing;
		}

		@Override
		public long write(Checkpoint checkpoint) {
			this.writes.incrementAndGet();
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
