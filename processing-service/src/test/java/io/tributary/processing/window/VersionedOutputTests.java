package io.tributary.processing.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.contract.Alert;
import io.tributary.contract.WindowResult;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.AlertRule;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineChange;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.PipelineFingerprint;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import org.junit.jupiter.api.Test;

import static io.tributary.processing.window.Fixtures.event;
import static io.tributary.processing.window.Fixtures.t;
import static io.tributary.processing.window.Fixtures.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What a pipeline emits across an incompatible change of its definition: results and alerts name the
 * version that computed them, and a new version's revisions lie above every revision the old one
 * emitted, so a store that keeps the highest revision (modelled here independently) holds the new
 * version's records at the starts and alert ids both versions used, even after the old version's
 * records are published again. Expected values are worked out by hand.
 */
class VersionedOutputTests {

	/** 2^32: where version 2's revisions begin. */
	private static final long VERSION_2_BASE = 4_294_967_296L;

	private final Fixtures.FakeRedis redis = new Fixtures.FakeRedis();

	private final List<WindowResult> results = new ArrayList<>();

	private final List<Alert> alerts = new ArrayList<>();

	private PartitionProcessor processor;

	/** Counts per key in tumbling windows of {@code size}; alert "busy" while a window holds more than one event. */
	private static PipelineDefinition views(Duration size) {
		return new PipelineDefinition("views", "s", null, List.of(), new Expression("k", "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, size, null, null, Duration.ZERO),
				new WatermarkSpec(Duration.ofSeconds(2), Duration.ofHours(1)),
				List.of(new AggregateSpec("n", "count", null, List.of(), "t")), EmitSpec.DEFAULT, Duration.ofDays(7))
			.withSelectAndAlerts(List.of(),
					List.of(AlertRule.threshold("busy", new Expression("n > 1", "t"), AlertRule.Severity.WARNING)));
	}

	private void process(double eventSeconds, String id, Instant now) {
		this.processor.process(event("k", id, t(eventSeconds), 1), now);
	}

	/** Applies the checkpoint and returns what it published. */
	private Checkpoint checkpoint() {
		Checkpoint checkpoint = this.processor.checkpoint();
		this.redis.apply(checkpoint);
		this.results.addAll(checkpoint.outbox().results());
		this.alerts.addAll(checkpoint.outbox().alerts());
		return checkpoint;
	}

	@Test
	void anIncompatibleChangeStartsVersionTwoWhoseResultsAndAlertsOutrankEveryVersionOneRevision() {
		PipelineDefinition before = views(Duration.ofSeconds(10));
		PipelineDefinition after = views(Duration.ofSeconds(20));
		assertThat(PipelineChange.between(PipelineFingerprint.of(before, null), PipelineFingerprint.of(after, null))
			.kind()).as("a new window size is incompatible").isEqualTo(PipelineChange.Kind.INCOMPATIBLE);

		// version 1: [0,10) holds 2 events (busy opens), [10,20) holds 1 (busy recovers)
		this.processor = new PartitionProcessor(0, List.of(before), Duration.ZERO);
		process(1, "a", w(0));
		process(2, "b", w(0));
		process(12, "c", w(0)); // watermark 10: [0,10) fires
		process(23, "d", w(0)); // watermark 21: [10,20) fires
		Checkpoint version1 = checkpoint();
		assertThat(this.results).extracting((r) -> r.windowStart(), WindowResult::revision, WindowResult::version)
			.containsExactly(tuple(t(0), 1L, 1L), tuple(t(10), 1L, 1L));
		assertThat(this.alerts).extracting(Alert::status, Alert::revision, Alert::version)
			.containsExactly(tuple(Alert.Status.open, 1L, 1L), tuple(Alert.Status.resolved, 2L, 1L));
		this.results.clear();
		this.alerts.clear();

		// version 2, as processing's start decides it for the incompatible change: 20 s windows, empty state
		this.processor = PartitionProcessor.restore(0, List.of(after), Map.of("views", 2L), this.redis.snapshot(), w(1),
				Duration.ZERO);
		process(1, "e", w(2));
		process(5, "f", w(2));
		process(15, "g", w(2));
		// watermark 33: [0,20) fires with e, f, g (before busy could go quiet: 20 s after its window, at 40)
		process(35, "h", w(2));
		Checkpoint version2 = checkpoint();

		assertThat(this.results).singleElement().satisfies((r) -> {
			assertThat(r.windowStart()).isEqualTo(t(0));
			assertThat(r.windowEnd()).isEqualTo(t(20));
			assertThat(r.metrics()).containsEntry("n", 3L);
			assertThat(r.version()).isEqualTo(2);
			assertThat(r.revision()).isEqualTo(VERSION_2_BASE + 1);
		});
		// the alert of the window starting at 0 has the id version 1's alert had
		assertThat(this.alerts).singleElement().satisfies((a) -> {
			assertThat(a.id()).isEqualTo(Alert.id("busy", "k", t(0)));
			assertThat(a.status()).isEqualTo(Alert.Status.open);
			assertThat(a.version()).isEqualTo(2);
			assertThat(a.revision()).isEqualTo(VERSION_2_BASE + 1);
		});

		// a store keeping the highest revision: version 1's output published again after version 2's
		Map<String, WindowResult> storedResults = new HashMap<>();
		Map<String, Alert> storedAlerts = new HashMap<>();
		for (Checkpoint c : List.of(version1, version2, version1)) {
			c.outbox().results().forEach((r) -> storedResults.merge(r.key() + "|" + r.windowStart(), r,
					(old, next) -> next.revision() > old.revision() ? next : old));
			c.outbox().alerts().forEach((a) -> storedAlerts.merge(a.id(), a,
					(old, next) -> next.revision() > old.revision() ? next : old));
		}
		assertThat(storedResults.get("k|" + t(0))).extracting(WindowResult::version, (r) -> r.metrics().get("n"))
			.containsExactly(2L, 3L);
		assertThat(storedResults.get("k|" + t(10)).version()).as("version 1's window of another start stays")
			.isEqualTo(1);
		assertThat(storedAlerts.get(Alert.id("busy", "k", t(0))))
			.extracting(Alert::version, Alert::status)
			.containsExactly(2L, Alert.Status.open);
	}

	@Test
	void anAlertThatGoesOnUnderTheSameVersionAfterARestoreKeepsCountingInItsVersionsRange() {
		// version 3 from the start: its alert's revisions count from 2 * 2^32
		PipelineDefinition pipeline = views(Duration.ofSeconds(10));
		this.processor = new PartitionProcessor(0, List.of(pipeline), Map.of("views", 3L), Duration.ZERO);
		process(1, "a", w(0));
		process(2, "b", w(0));
		process(12, "c", w(0)); // [0,10) fires: busy opens
		checkpoint();
		this.processor = PartitionProcessor.restore(0, List.of(pipeline), Map.of("views", 3L), this.redis.snapshot(),
				w(1), Duration.ZERO);
		process(13, "d", w(1));
		process(25, "e", w(1)); // [10,20) fires with c, d: busy takes another window

		checkpoint();
		assertThat(this.alerts).extracting(Alert::status, Alert::breaches, Alert::revision, Alert::version)
			.containsExactly(tuple(Alert.Status.open, 1L, 2 * VERSION_2_BASE + 1, 3L),
					tuple(Alert.Status.open, 2L, 2 * VERSION_2_BASE + 2, 3L));
		assertThat(this.results).extracting(WindowResult::revision, WindowResult::version)
			.containsExactly(tuple(2 * VERSION_2_BASE + 1, 3L), tuple(2 * VERSION_2_BASE + 1, 3L));
	}

}
