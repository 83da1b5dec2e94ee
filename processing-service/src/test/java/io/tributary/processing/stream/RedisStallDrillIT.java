package io.tributary.processing.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tributary.contract.Event;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.testsupport.TestInfrastructure;
import io.tributary.testsupport.tls.DrillRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault drills: a steady stream of events (event time = the time it is sent, as ingestion stamps it)
 * through a processing instance whose Redis — a redis-server of the test's own — fails for 30 s
 * mid-stream: it sleeps ({@code DEBUG SLEEP 30}), or it is stopped and started again with its AOF.
 * Either is longer than the Redis client's timeout and the partition leases' TTL. Afterwards every
 * window's final result must equal the count made here as the events were sent, and nothing may be
 * late: a fault may delay windows, never change them. Pipeline {@code per-user} of
 * drill-pipelines.yaml: 2 s windows, no allowed lateness, 500 ms out-of-orderness.
 */
class RedisStallDrillIT {

	private static final Duration STALL = Duration.ofSeconds(30);

	/** One batch of {@link #BATCH} events every this long: 500 events/s. */
	private static final long PERIOD_MILLIS = 20;

	private static final int BATCH = 10;

	@TempDir
	Path dir;

	private DrillRedisServer redis;

	private ProcessingTestBed bed;

	private final String ns = TestInfrastructure.newNamespace("drill-stall");

	@BeforeEach
	void start() throws Exception {
		// AOF with appendfsync always: a restarted server has every checkpoint it acknowledged
		this.redis = DrillRedisServer.start(Files.createDirectories(this.dir.resolve("redis")), true);
		this.bed = new ProcessingTestBed(this.ns, "src/test/resources/drill-pipelines.yaml", Map.of(), this.redis.port());
	}

	@AfterEach
	void stop() {
		if (this.bed != null) {
			this.bed.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void aRedisStallMidStreamDelaysTheWindowsAndChangesNoResult() throws Exception {
		drill(() -> {
			this.redis.stall(STALL);
			Thread.sleep(STALL.toMillis());
		});
	}

	@Test
	void redisStoppedMidStreamAndStartedAgainWithItsAofDelaysTheWindowsAndChangesNoResult() throws Exception {
		drill(() -> {
			this.redis.kill();
			Thread.sleep(STALL.toMillis());
			this.redis.restart();
		});
	}

	/** What happens to Redis, 5 s into the stream; the stream goes on for 5 s after it. */
	@FunctionalInterface
	private interface Fault {

		void run() throws Exception;

	}

	private void drill(Fault fault) throws Exception {
		this.bed.start();
		Map<String, long[]> reference = new TreeMap<>();
		AtomicBoolean sending = new AtomicBoolean(true);
		Thread load = Thread.ofPlatform().name("drill-load").start(() -> send(reference, sending));

		Thread.sleep(5_000);
		fault.run();
		Thread.sleep(5_000);
		sending.set(false);
		load.join();

		Map<String, WindowResult> finals = new TreeMap<>();
		List<LateEventRecord> late = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline && !finals.keySet().containsAll(reference.keySet())) {
			ResultBatch batch = this.bed.nextResults();
			if (batch == null) {
				continue;
			}
			late.addAll(batch.late());
			for (WindowResult r : batch.results()) {
				String id = r.key() + "@" + r.windowStart().toEpochMilli();
				WindowResult previous = finals.get(id);
				if (r.isFinal() && (previous == null || previous.revision() < r.revision())) {
					finals.put(id, r);
				}
			}
		}
		// a little longer: a late record or a later revision would come now
		ResultBatch more;
		while ((more = this.bed.nextResults()) != null) {
			late.addAll(more.late());
			more.results().stream().filter(WindowResult::isFinal).forEach((r) -> finals.merge(
					r.key() + "@" + r.windowStart().toEpochMilli(), r, (a, b) -> a.revision() >= b.revision() ? a : b));
		}

		long sent = reference.values().stream().mapToLong((c) -> c[0]).sum();
		assertThat(sent).as("events sent").isGreaterThan(10_000);
		assertThat(late).as("late records: events a fault turned late").isEmpty();
		Map<String, String> expected = new TreeMap<>();
		reference.forEach((id, c) -> expected.put(id, c[0] + "/" + c[1]));
		Map<String, String> actual = new TreeMap<>();
		finals.forEach((id, r) -> actual.put(id, r.metrics().get("n") + "/" + r.metrics().get("total")));
		assertThat(actual).isEqualTo(expected);
	}

	/** Sends batches at a steady rate until told to stop, counting each event in its window here. */
	private void send(Map<String, long[]> reference, AtomicBoolean sending) {
		long next = System.currentTimeMillis();
		int id = 0;
		while (sending.get()) {
			Instant now = Instant.now();
			Event[] batch = new Event[BATCH];
			for (int i = 0; i < BATCH; i++, id++) {
				String user = "u" + (id % 13);
				long amount = id % 7;
				batch[i] = new Event("d" + id, "ingest-d" + id, "clicks", now, now,
						Map.of("id", "d" + id, "user", user, "ts", now.toString(), "amount", amount));
				long windowStart = (now.toEpochMilli() / 2_000) * 2_000;
				long[] counts = reference.computeIfAbsent(user + "@" + windowStart, (k) -> new long[2]);
				counts[0]++;
				counts[1] += amount;
			}
			this.bed.publish("clicks", batch);
			next += PERIOD_MILLIS;
			long sleep = next - System.currentTimeMillis();
			if (sleep > 0) {
				try {
					Thread.sleep(sleep);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
