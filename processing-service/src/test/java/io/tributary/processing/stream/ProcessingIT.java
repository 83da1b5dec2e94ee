package io.tributary.processing.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.tributary.contract.DeadLetterRecord;
import io.tributary.contract.Event;
import io.tributary.contract.LateEventRecord;
import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processing service on the real RabbitMQ and Redis: accepted events in, window results out,
 * checked against expectations computed here; redeliveries change nothing, client retries count as
 * duplicates, a restart neither loses nor double-counts, and events after the window closed come
 * out as late records, an event time far in the future is a dead letter and moves no watermark. A
 * healthy run logs no ERROR and no stack trace.
 */
// it reads the log it captures: no other test class may write there meanwhile
@ResourceLock(Resources.SYSTEM_OUT)
@ExtendWith(OutputCaptureExtension.class)
class ProcessingIT extends ClicksTestBase {

	/** A log line at level ERROR, in the console pattern (time, level, pid). */
	private static final Pattern ERROR_LINE = Pattern.compile("(?m)^\\S+\\s+ERROR\\s");

	/** A line of a stack trace: a frame, a cause, or the omitted-frames marker. */
	private static final Pattern STACK_TRACE_LINE = Pattern.compile("(?m)^(\\s+at \\S+\\(|Caused by: |\\s+\\.\\.\\. \\d+ more)");

	ProcessingIT() {
		super("proc-it");
	}

	@Test
	void countsEachEventOnceAcrossRedeliveriesRetriesAndARestart(CapturedOutput output) throws Exception {
		ConfigurableApplicationContext first = start();
		Event a1 = event("a1", "u1", "click", 1_000, 5);
		Event a2 = event("a2", "u2", "click", 2_500, 7);
		Event a3 = event("a3", "u3", "click", 9_999, 11);
		Event view = event("v1", "u1", "view", 3_000, 100);
		Event b1 = event("b1", "u1", "click", 10_000, 2);
		publish(a1, a2, view);
		publish(a1, a2); // a broker redelivery: same ingest ids
		publish(retry(a2)); // a client retry: same event id, new ingest id

		awaitCheckpointed();
		this.bed.stop(first); // stop mid-stream; state is in Redis
		start();

		publish(a3, b1, retry(a1));
		publish(a3); // redelivered again after the restart

		Map<String, WindowResult> finals = awaitFinalResults(3);
		assertThat(finals.get("eu@0")).satisfies((r) -> {
			assertThat(r.metrics()).containsEntry("n", 2L).containsEntry("total", 12L).containsEntry("biggest", 7.0);
			assertThat(r.counts().events()).isEqualTo(2);
			assertThat(r.counts().duplicates()).isEqualTo(2);
		});
		assertThat(finals.get("us@0")).satisfies((r) -> {
			assertThat(r.metrics()).containsEntry("n", 1L).containsEntry("total", 11L);
			assertThat(r.counts().duplicates()).isZero();
		});
		assertThat(finals.get("eu@10000")).satisfies((r) -> assertThat(r.metrics()).containsEntry("n", 1L));
		assertThat(finals).hasSize(3);
		assertLoggedNoErrors(output);
	}

	@Test
	void recordsEventsThatArriveAfterTheirWindowClosedAsLate(CapturedOutput output) throws Exception {
		start();
		publish(event("x1", "u3", "click", 4_000, 1), event("x2", "u3", "click", 25_000, 1));
		awaitFinalResults(2);

		publish(event("late-1", "u3", "click", 5_000, 50));

		LateEventRecord late = awaitLate();
		assertThat(late.eventId()).isEqualTo("late-1");
		assertThat(late.key()).isEqualTo("us");
		assertThat(late.windowStart()).isEqualTo(this.clicks.t0);
		assertThat(late.windowEnd()).isEqualTo(this.clicks.t0.plusSeconds(10));
		assertLoggedNoErrors(output);
	}

	@Test
	void deadLettersAFarFutureEventAndCountsTheEventsAfterItOnTime(CapturedOutput output) throws Exception {
		start();
		Instant year9999 = Instant.parse("9999-01-01T00:00:00Z");
		Event far = new Event("far", "ingest-far", "clicks", year9999, Instant.now(),
				Map.of("id", "far", "user", "u1", "kind", "click", "ts", year9999.toString(), "amount", 1000L));
		publish(far);
		publish(event("f1", "u1", "click", 1_000, 3), event("f2", "u2", "click", 2_000, 4));
		publish(event("f3", "u1", "click", 25_000, 5));

		Map<String, WindowResult> finals = awaitFinalResults(2);
		assertThat(finals.get("eu@0")).satisfies((r) -> {
			assertThat(r.metrics()).containsEntry("n", 2L).containsEntry("total", 7L);
			assertThat(r.counts().late()).isZero();
		});
		assertThat(finals.get("eu@20000")).satisfies((r) -> assertThat(r.metrics()).containsEntry("n", 1L));
		assertThat(finals).hasSize(2);
		assertThat(this.lateSeen).isEmpty();
		assertThat(this.deadSeen).singleElement().satisfies((d) -> {
			assertThat(d.eventId()).isEqualTo("far");
			assertThat(d.pipeline()).isNull();
			assertThat(d.stream()).isEqualTo("clicks");
			assertThat(d.eventTime()).isEqualTo(year9999);
			assertThat(d.reason()).startsWith("event time 9999-01-01T00:00:00Z is after ")
				.contains("processing's clock plus the stream's max-future of 5m (streams.clicks.max-future)");
		});
		assertLoggedNoErrors(output);
	}

	/**
	 * Everything the instances logged while the test ran (at least a few seconds, so a poller that
	 * fails every second shows) and while they shut down.
	 */
	private void assertLoggedNoErrors(CapturedOutput output) {
		this.bed.stopAll();
		String log = output.getAll();
		assertThat(log).as("the instances logged").contains("Window stage");
		assertThat(ERROR_LINE.matcher(log).results().map((m) -> lineAt(log, m.start())).toList())
			.as("ERROR lines in a healthy run").isEmpty();
		assertThat(STACK_TRACE_LINE.matcher(log).results().map((m) -> lineAt(log, m.start())).limit(5).toList())
			.as("stack traces in a healthy run").isEmpty();
	}

	private static String lineAt(String text, int start) {
		int end = text.indexOf('\n', start);
		return text.substring(start, (end < 0) ? text.length() : end);
	}

	// --- helpers --------------------------------------------------------------------------------------

	private ConfigurableApplicationContext start() {
		return this.bed.start();
	}

	private Event event(String id, String user, String kind, long offsetMillis, long amount) {
		return this.clicks.event(id, user, kind, offsetMillis, amount);
	}

	private static Event retry(Event e) {
		return Clicks.retry(e);
	}

	private void publish(Event... events) {
		this.clicks.publish(events);
	}

	private void awaitCheckpointed() throws InterruptedException {
		RedisKeys keys = new RedisKeys(this.ns);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			long windows = 0;
			for (int p = 0; p < 8; p++) {
				windows += this.bed.redis().opsForHash().size(keys.checkpointWindows(p));
			}
			if (windows >= 1) {
				Thread.sleep(300); // let the retry batch land in a checkpoint too
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("window state never reached Redis");
	}

	private final Map<String, WindowResult> seen = new TreeMap<>();

	private final List<LateEventRecord> lateSeen = new ArrayList<>();

	private final List<DeadLetterRecord> deadSeen = new ArrayList<>();

	private void drainResults() {
		ResultBatch batch;
		while ((batch = this.bed.nextResults()) != null) {
			for (WindowResult r : batch.results()) {
				String id = r.key() + "@" + (r.windowStart().toEpochMilli() - this.clicks.t0.toEpochMilli());
				WindowResult previous = this.seen.get(id);
				if (previous == null || previous.revision() < r.revision()) {
					this.seen.put(id, r);
				}
			}
			this.lateSeen.addAll(batch.late());
			this.deadSeen.addAll(batch.deadLetters());
		}
	}

	private Map<String, WindowResult> awaitFinalResults(int windows) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
		while (System.nanoTime() < deadline) {
			drainResults();
			if (this.seen.size() >= windows && this.seen.values().stream().allMatch(WindowResult::isFinal)) {
				Thread.sleep(500);
				drainResults();
				return this.seen;
			}
		}
		throw new AssertionError("expected " + windows + " final windows, got " + this.seen);
	}

	private LateEventRecord awaitLate() {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			drainResults();
			if (!this.lateSeen.isEmpty()) {
				return this.lateSeen.get(0);
			}
		}
		throw new AssertionError("no late record arrived");
	}

}
