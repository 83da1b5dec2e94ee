package io.tributary.processing.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tributary.contract.RedisKeys;
import io.tributary.contract.ResultBatch;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.PipelineVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline file edited between two runs of processing, as an operator does: the window size and
 * a metric's function under the same name change. The restarted service starts version 2 with empty
 * state: its results are the reference computed here from the events it saw, in windows of the new
 * size only (none of the old windows beside them), and no partition fails its restore.
 */
// it reads the log it captures: no other test class may write there meanwhile
@ResourceLock(Resources.SYSTEM_OUT)
@ExtendWith(OutputCaptureExtension.class)
class PipelineChangeRestartIT extends ClicksTestBase {

	private static final Pattern ERROR_LINE = Pattern.compile("(?m)^\\S+\\s+ERROR\\s");

	PipelineChangeRestartIT() {
		super("change-it");
	}

	@Test
	void anIncompatibleEditStartsANewVersionWhoseResultsAreOnlyItsOwn(@TempDir Path dir, CapturedOutput output)
			throws Exception {
		ConfigurableApplicationContext first = this.bed.start();
		this.clicks.publish(this.clicks.event("a1", "u1", "click", 1_000, 5),
				this.clicks.event("a2", "u2", "click", 2_500, 7), this.clicks.event("a3", "u3", "click", 4_000, 11));
		awaitWindowState();
		this.bed.stop(first);
		// version 1's results, whatever it emitted before it stopped
		assertThat(drain()).allSatisfy((r) -> assertThat(r.version()).as("before the edit").isEqualTo(1));

		String edited = Files.readString(Path.of("src/test/resources/it-pipelines.yaml"))
			.replace("size: 10s", "size: 20s")
			.replace("biggest: max(amount)", "biggest: min(amount)");
		Path file = dir.resolve("edited.yaml");
		Files.writeString(file, edited);
		this.bed.start(file.toString());
		List<io.tributary.contract.Event> events = List.of(this.clicks.event("b1", "u1", "click", 5_000, 3),
				this.clicks.event("b2", "u2", "click", 15_000, 4), this.clicks.event("b3", "u3", "click", 12_000, 6));
		this.clicks.publish(events.toArray(io.tributary.contract.Event[]::new));
		// far enough ahead that every window of the events above is final (watermark t0 + 44 s)
		io.tributary.contract.Event driver = this.clicks.event("c1", "u1", "click", 45_000, 1);
		this.clicks.publish(driver);
		String driverWindow = "eu@" + Math.floorDiv(driver.eventTime().toEpochMilli(), 20_000L) * 20_000L;

		// the reference: version 2 counts only what it received, in 20 s windows aligned to the epoch
		Map<String, long[]> expected = new java.util.TreeMap<>(); // n, total, smallest
		Map<String, String> regions = Map.of("u1", "eu", "u2", "eu", "u3", "us");
		for (io.tributary.contract.Event e : events) {
			String id = regions.get((String) e.data().get("user")) + "@"
					+ Math.floorDiv(e.eventTime().toEpochMilli(), 20_000L) * 20_000L;
			long amount = (Long) e.data().get("amount");
			expected.merge(id, new long[] { 1, amount, amount },
					(a, b) -> new long[] { a[0] + b[0], a[1] + b[1], Math.min(a[2], b[2]) });
		}
		List<WindowResult> after = awaitFinal(expected.keySet());
		assertThat(after).allSatisfy((r) -> {
			assertThat(Duration.between(r.windowStart(), r.windowEnd())).as("only windows of the new size")
				.isEqualTo(Duration.ofSeconds(20));
			assertThat(r.revision()).as("version 2 outranks version 1 at the same start").isGreaterThan(1L << 32);
			assertThat(r.version()).as("the result names the version that computed it").isEqualTo(2);
		});
		Map<String, WindowResult> finals = new java.util.TreeMap<>();
		after.stream().filter(WindowResult::isFinal).forEach((r) -> finals.merge(id(r), r,
				(a, b) -> a.revision() > b.revision() ? a : b));
		// the driver's own window may close too (the idle timeout, on the test bed's progress markers):
		// then it holds the driver alone
		WindowResult driverResult = finals.remove(driverWindow);
		if (driverResult != null) {
			assertThat(driverResult.metrics()).as(driverWindow)
				.containsEntry("n", 1L)
				.containsEntry("total", 1L)
				.containsEntry("biggest", 1.0);
		}
		assertThat(finals.keySet()).containsExactlyElementsOf(expected.keySet());
		expected.forEach((id, v) -> assertThat(finals.get(id).metrics()).as(id)
			.containsEntry("n", v[0])
			.containsEntry("total", v[1])
			.containsEntry("biggest", (double) v[2]));

		assertThat(PipelineVersion.fromHash("per-region", this.bed.redis()
			.<String, String>opsForHash()
			.entries(new RedisKeys(this.ns).pipelineVersion("per-region")))).satisfies((v) -> assertThat(v.version())
				.isEqualTo(2));
		this.bed.stopAll();
		String log = output.getAll();
		assertThat(log).contains("Pipeline 'per-region': incompatible change, version 2 begins with empty state")
			.contains("metric 'biggest': max(amount) -> min(amount)")
			.contains("pipeline 'per-region' starts empty here: its state was written by version 1");
		assertThat(ERROR_LINE.matcher(log).results().toList()).as("ERROR lines").isEmpty();
	}

	private static String id(WindowResult r) {
		return r.key() + "@" + r.windowStart().toEpochMilli();
	}

	private void awaitWindowState() throws InterruptedException {
		RedisKeys keys = new RedisKeys(this.ns);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			long windows = 0;
			for (int p = 0; p < 8; p++) {
				windows += this.bed.redis().opsForHash().size(keys.checkpointWindows(p));
			}
			if (windows >= 2) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("window state never reached Redis");
	}

	private List<WindowResult> drain() {
		List<WindowResult> results = new ArrayList<>();
		ResultBatch batch;
		while ((batch = this.bed.nextResults()) != null) {
			results.addAll(batch.results());
		}
		return results;
	}

	private List<WindowResult> awaitFinal(java.util.Collection<String> ids) throws InterruptedException {
		List<WindowResult> results = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
		while (System.nanoTime() < deadline) {
			results.addAll(drain());
			if (ids.stream().allMatch((id) -> results.stream().anyMatch((r) -> id(r).equals(id) && r.isFinal()))) {
				Thread.sleep(500);
				results.addAll(drain());
				return results;
			}
		}
		throw new AssertionError("expected final windows " + ids + ", got " + results);
	}

}
