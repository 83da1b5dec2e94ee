package io.tributary.processing.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contract.KeyedEvent;
import io.tributary.contract.pipeline.AggregateSpec;
import io.tributary.contract.pipeline.EmitSpec;
import io.tributary.contract.pipeline.Expression;
import io.tributary.contract.pipeline.PipelineDefinition;
import io.tributary.contract.pipeline.WatermarkSpec;
import io.tributary.contract.pipeline.WindowSpec;
import io.tributary.processing.window.PartitionProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The partition meters against hand-computed values, on a fixed clock. */
class PartitionMetricsTests {

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final AtomicBoolean held = new AtomicBoolean(true);

	/** Event time runs 40 s behind the wall clock in these tests. */
	private final Clock clock = Clock.fixed(T0.plusSeconds(53), ZoneOffset.UTC);

	private final PartitionMetrics metrics = new PartitionMetrics(this.meters, this.clock, (p) -> this.held.get(),
			Duration.ZERO);

	private static PipelineDefinition pipeline(String name, Duration maxOutOfOrderness) {
		return new PipelineDefinition(name, "s", null, List.of(), new Expression("k", "t"),
				new WindowSpec(WindowSpec.Type.TUMBLING, Duration.ofSeconds(10), null, null, Duration.ZERO),
				new WatermarkSpec(maxOutOfOrderness, Duration.ofMinutes(10)),
				List.of(new AggregateSpec("n", "count", null, List.of(), "t")), new EmitSpec(null, true),
				Duration.ofDays(1));
	}

	private static KeyedEvent event(String pipeline, String key, String id, double seconds) {
		return new KeyedEvent(pipeline, key, id, "i-" + id, T0.plusMillis(Math.round(seconds * 1000)), Map.of());
	}

	private double gauge(String name, String pipeline) {
		return this.meters.get(name).tag("pipeline", pipeline).tag("partition", "5").gauge().value();
	}

	@Test
	void watermarkLagIsTheWallClockMinusEachPipelinesWatermarkInSeconds() {
		PartitionProcessor processor = new PartitionProcessor(5,
				List.of(pipeline("views", Duration.ofSeconds(2)), pipeline("clicks", Duration.ofMillis(500))));
		processor.process(event("views", "a", "e1", 13), this.clock.instant());
		processor.process(event("clicks", "a", "e2", 7.25), this.clock.instant());

		this.metrics.observe(5, processor, processor.watermarks());

		// views: 53 - (13 - 2) = 42 s; clicks: 53 - (7.25 - 0.5) = 46.25 s
		assertThat(this.meters.get(PartitionMetrics.WATERMARK_LAG).tag("pipeline", "views").timeGauge()
			.value(TimeUnit.SECONDS)).isEqualTo(42.0);
		assertThat(this.meters.get(PartitionMetrics.WATERMARK_LAG).tag("pipeline", "clicks").timeGauge()
			.value(TimeUnit.SECONDS)).isEqualTo(46.25);
	}

	@Test
	void stateSizesAreReportedPerPipelineAndPartition() {
		PartitionProcessor processor = new PartitionProcessor(5, List.of(pipeline("views", Duration.ofSeconds(2))));
		processor.process(event("views", "a", "e1", 1), this.clock.instant());
		processor.process(event("views", "b", "e2", 2), this.clock.instant());
		processor.process(event("views", "b", "e3", 3), this.clock.instant());
		processor.process(event("views", "b", "e4", 11), this.clock.instant());
		processor.process(event("views", "c", "e5", 11.5), this.clock.instant());
		// watermark 11.5 - 2 = 9.5: nothing has fired yet

		this.metrics.observe(5, processor, processor.watermarks());

		// a[0,10), b[0,10), b[10,20), c[10,20); three keys; five ids
		assertThat(gauge(PartitionMetrics.STATE_WINDOWS, "views")).isEqualTo(4.0);
		assertThat(gauge(PartitionMetrics.STATE_KEYS, "views")).isEqualTo(3.0);
		assertThat(gauge(PartitionMetrics.STATE_IDS, "views")).isEqualTo(5.0);
	}

	@Test
	void aPartitionNotHeldReadsNaNAndAReleasedOneHasNoMeters() {
		PartitionProcessor processor = new PartitionProcessor(5, List.of(pipeline("views", Duration.ofSeconds(2))));
		processor.process(event("views", "a", "e1", 13), this.clock.instant());
		this.metrics.observe(5, processor, processor.watermarks());

		this.held.set(false);
		assertThat(gauge(PartitionMetrics.WATERMARK_LAG, "views")).isNaN();
		assertThat(gauge(PartitionMetrics.STATE_WINDOWS, "views")).isNaN();

		this.metrics.forget(5);
		assertThat(this.meters.find(PartitionMetrics.WATERMARK_LAG).meters()).isEmpty();
		assertThat(this.meters.find(PartitionMetrics.CHECKPOINT_DURATION).meters()).isEmpty();
	}

	@Test
	void checkpointsRecordTheirDurationAndBytes() {
		this.metrics.checkpointed(5, 3_000_000, 1200);
		this.metrics.checkpointed(5, 5_000_000, 34);

		var duration = this.meters.get(PartitionMetrics.CHECKPOINT_DURATION).tag("partition", "5").timer();
		assertThat(duration.count()).isEqualTo(2);
		assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8.0);
		var size = this.meters.get(PartitionMetrics.CHECKPOINT_SIZE).tag("partition", "5").summary();
		assertThat(size.totalAmount()).isEqualTo(1234.0);
		assertThat(size.max()).isEqualTo(1200.0);
	}

}
