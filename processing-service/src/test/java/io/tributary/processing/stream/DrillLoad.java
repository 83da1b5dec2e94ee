package io.tributary.processing.stream;

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

import org.springframework.amqp.AmqpException;

/**
 * The steady load of a fault drill and its independent reference: batches of 10 events every 20 ms
 * (500 events/s) to the {@code clicks} stream, each event's time the time it is sent (as ingestion
 * stamps it), 13 users; every event counted here, per user and 2 s window, once the broker confirmed
 * it. A batch the broker did not confirm is sent again with the same ids, as ingestion's client
 * would. Then the final results read back, to compare with the reference.
 */
final class DrillLoad {

	private static final long PERIOD_MILLIS = 20;

	private static final int BATCH = 10;

	private final ProcessingTestBed bed;

	private final Map<String, long[]> reference = new TreeMap<>();

	private final AtomicBoolean sending = new AtomicBoolean(true);

	private int resent;

	private Thread thread;

	DrillLoad(ProcessingTestBed bed) {
		this.bed = bed;
	}

	void start() {
		this.thread = Thread.ofPlatform().name("drill-load").start(this::send);
	}

	/** Stops sending; afterwards {@link #expected} is complete. */
	void stop() throws InterruptedException {
		this.sending.set(false);
		this.thread.join();
	}

	long sent() {
		return this.reference.values().stream().mapToLong((c) -> c[0]).sum();
	}

	/** How many batches were sent again because the broker did not confirm them. */
	int resent() {
		return this.resent;
	}

	/** "user@windowStartMillis" to "count/sum of amounts" of every window the load filled. */
	Map<String, String> expected() {
		Map<String, String> expected = new TreeMap<>();
		this.reference.forEach((id, c) -> expected.put(id, c[0] + "/" + c[1]));
		return expected;
	}

	private void send() {
		long next = System.currentTimeMillis();
		int id = 0;
		while (this.sending.get()) {
			Instant now = Instant.now();
			Event[] batch = new Event[BATCH];
			for (int i = 0; i < BATCH; i++) {
				int n = id + i;
				batch[i] = new Event("d" + n, "ingest-d" + n, "clicks", now, now,
						Map.of("id", "d" + n, "user", "u" + (n % 13), "ts", now.toString(), "amount", (long) (n % 7)));
			}
			while (!publish(batch)) {
				this.resent++;
				sleep(200);
			}
			for (int i = 0; i < BATCH; i++, id++) {
				long windowStart = (now.toEpochMilli() / 2_000) * 2_000;
				long[] counts = this.reference.computeIfAbsent("u" + (id % 13) + "@" + windowStart, (k) -> new long[2]);
				counts[0]++;
				counts[1] += id % 7;
			}
			next += PERIOD_MILLIS;
			sleep(next - System.currentTimeMillis());
		}
	}

	private boolean publish(Event[] batch) {
		try {
			this.bed.publishConfirmed("clicks", batch);
			return true;
		}
		catch (AmqpException ex) {
			return false;
		}
	}

	private static void sleep(long millis) {
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The final results (highest revision per window) and the late records, as "user@windowStartMillis". */
	record Outcome(Map<String, String> finals, List<LateEventRecord> late) {
	}

	/** Reads results until every expected window has its final result (or the time is up), then a little longer. */
	Outcome await(Duration timeout) {
		Map<String, WindowResult> finals = new TreeMap<>();
		List<LateEventRecord> late = new ArrayList<>();
		Map<String, String> expected = expected();
		long deadline = System.nanoTime() + timeout.toNanos();
		ResultBatch batch;
		while (System.nanoTime() < deadline && !finals.keySet().containsAll(expected.keySet())) {
			if ((batch = this.bed.nextResults()) != null) {
				collect(batch, finals, late);
			}
		}
		// a late record or a later revision would come now
		while ((batch = this.bed.nextResults()) != null) {
			collect(batch, finals, late);
		}
		Map<String, String> actual = new TreeMap<>();
		finals.forEach((id, r) -> actual.put(id, r.metrics().get("n") + "/" + r.metrics().get("total")));
		return new Outcome(actual, late);
	}

	private static void collect(ResultBatch batch, Map<String, WindowResult> finals, List<LateEventRecord> late) {
		late.addAll(batch.late());
		for (WindowResult r : batch.results()) {
			if (r.isFinal()) {
				finals.merge(r.key() + "@" + r.windowStart().toEpochMilli(), r,
						(a, b) -> (a.revision() >= b.revision()) ? a : b);
			}
		}
	}

}
